#!/usr/bin/env bash
# Prints the path of a `java` of JDK 21, the oldest JDK the course supports, for running the tests on it
# (surefire's -Djvm=...; CI passes it as -Dthreadlab.jdk21=..., see solutions/pom.xml's jdk21 profile).
#
# Uses an installed JDK 21 when there is one, in this order: $THREADLAB_JDK21 (a java executable), $JAVA_HOME,
# /usr/lib/jvm/*21*, the JDKs in ~/.m2/toolchains.xml, the distribution's openjdk-21-jdk-headless package
# (installed with apt-get when the distribution has it). Otherwise it fetches one into
# ${THREADLAB_JDK21_DIR:-$HOME/.cache/threadlab-jdk21} on first use: Debian 12 has no JDK 21 package, Debian 13
# has one, built against a newer C library, so this downloads Debian 13's openjdk-21 and the C library it needs
# as .deb files (through apt, from the Debian archive this machine already uses, nothing installed into the
# system), unpacks both, and writes a small `java` that starts the JDK with that library. That JDK is good for
# running tests, not for building with Maven's toolchains (the build compiles with --release 21 on a newer JDK).
#
#   scripts/jdk21.sh            prints e.g. /usr/lib/jvm/java-21-openjdk-amd64/bin/java
set -euo pipefail

is_21() { [ -x "$1" ] && "$1" -version 2>&1 | head -1 | grep -qE 'version "21[."]'; }
found() { echo "$1"; exit 0; }

[ -n "${THREADLAB_JDK21:-}" ] && { is_21 "$THREADLAB_JDK21" && found "$THREADLAB_JDK21"
  echo "jdk21: THREADLAB_JDK21=$THREADLAB_JDK21 is not the java of a JDK 21" >&2; exit 1; }
[ -n "${JAVA_HOME:-}" ] && is_21 "$JAVA_HOME/bin/java" && found "$JAVA_HOME/bin/java"
for home in /usr/lib/jvm/*21*; do
  is_21 "$home/bin/java" && found "$home/bin/java"
done
if [ -f "$HOME/.m2/toolchains.xml" ]; then
  for home in $(grep -oE '<jdkHome>[^<]+</jdkHome>' "$HOME/.m2/toolchains.xml" | sed -E 's#</?jdkHome>##g'); do
    is_21 "$home/bin/java" && found "$home/bin/java"
  done
fi
if command -v apt-cache >/dev/null && apt-cache policy openjdk-21-jdk-headless 2>/dev/null | grep -qE 'Candidate: [0-9]'; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openjdk-21-jdk-headless >&2
  for home in /usr/lib/jvm/*21*; do
    is_21 "$home/bin/java" && found "$home/bin/java"
  done
fi

D=${THREADLAB_JDK21_DIR:-$HOME/.cache/threadlab-jdk21}
J=$D/jdk/usr/lib/jvm/java-21-openjdk-amd64
if [ ! -x "$D/bin/java" ]; then
  command -v apt-get >/dev/null && command -v dpkg >/dev/null \
    || { echo "jdk21: no JDK 21 installed, and no apt-get to fetch one: install a JDK 21" >&2; exit 1; }
  [ "$(dpkg --print-architecture)" = amd64 ] \
    || { echo "jdk21: no JDK 21 installed, and only amd64 is fetched: install a JDK 21" >&2; exit 1; }
  echo "jdk21: fetching Debian 13's openjdk-21 into $D" >&2
  mkdir -p "$D/apt/lists/partial" "$D/apt/cache/archives/partial" "$D/debs"
  # the Debian archive this machine already uses, with the next release's suite
  uri=$( { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } \
        | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -1 | tr -d ' ' ) || true
  [ -n "$uri" ] || uri=http://deb.debian.org/debian
  echo "deb ${uri%/} trixie main" > "$D/apt/sources.list"
  O=(-o Dir::Etc::sourcelist="$D/apt/sources.list" -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$D/apt/lists"
     -o Dir::Cache="$D/apt/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
  apt-get "${O[@]}" update -qq >&2
  rm -f "$D"/debs/*.deb
  (cd "$D/debs" && apt-get "${O[@]}" download openjdk-21-jre-headless openjdk-21-jdk-headless libc6 libgcc-s1 \
      libstdc++6 zlib1g >&2)
  rm -rf "$D/jdk" "$D/libc"
  for f in "$D"/debs/openjdk-21-*.deb; do dpkg -x "$f" "$D/jdk"; done
  for f in "$D"/debs/lib*.deb "$D"/debs/zlib*.deb; do dpkg -x "$f" "$D/libc"; done
  # the package points its configuration at /etc/java-21-openjdk: put real files in place of those links
  find "$J" -type l | while read -r l; do
    t=$(readlink "$l")
    case $t in /etc/java-21-openjdk/*) rm "$l"; cp -r "$D/jdk$t" "$l" ;; esac
  done
  mkdir -p "$D/bin"
  cat > "$D/bin/java" <<SH
#!/bin/sh
exec "$D/libc/usr/lib64/ld-linux-x86-64.so.2" --library-path "$D/libc/usr/lib/x86_64-linux-gnu:$J/lib:$J/lib/server" "$J/bin/java" "\$@"
SH
  chmod +x "$D/bin/java"
fi
is_21 "$D/bin/java" || { echo "jdk21: the JDK 21 in $D does not start" >&2; exit 1; }
found "$D/bin/java"
