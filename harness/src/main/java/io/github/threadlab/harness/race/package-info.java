/**
 * The race watch: makes unsynchronized sharing between threads show up in every run of a graded test.
 *
 * <p>On a 2-core machine two threads rarely touch the same plain {@code ArrayList} at the same instant, so a
 * solution that shares one without a lock passes almost every time and is wrong all the same. The watch rewrites
 * the course's classes as they load (never the tests' or the harness's) in two ways:
 * <ul>
 *   <li><b>Watched collections</b> ({@link WatchedCollections}, {@link Watch}): {@code new ArrayList<>()} and the
 *   other non-thread-safe JDK collections become subclasses that notice two threads inside at once; a write
 *   from a thread other than the previous writer lingers a moment so that a racing thread arrives while it is
 *   still inside. Two threads inside at once is a race by definition: a lock, a synchronized wrapper or
 *   confinement makes it impossible, so a correct solution never trips it.</li>
 *   <li><b>Shared reads, checks and hand-offs</b> ({@link SharedAccess}): a read of a field or an array element
 *   at a place in the code that two threads run lingers a moment, so that a read-modify-write
 *   ({@code count++}, {@code next[0]++}) or a check-then-act ({@code if (first == null) first = x}) is interleaved
 *   with another thread's in nearly every run; the graded tests then see the lost update. The same goes for a
 *   query of a collection or an atomic followed by an update ({@code if (!claimed.contains(i)) claimed.add(i)}:
 *   every call thread-safe, the pair not), and for a write of a field that another method reads (a value handed
 *   from a worker's callback to the loop's), which a second writer then overwrites before it is read.</li>
 * </ul>
 * Lingering is bounded per place in the code and per test ({@link Session}), so a correct solution that holds a
 * lock around its shared state pays a few milliseconds, not a delay per task.
 */
package io.github.threadlab.harness.race;
