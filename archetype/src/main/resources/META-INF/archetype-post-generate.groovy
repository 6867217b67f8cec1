// Runs once the student project has been written.
def project = new File(request.outputDirectory, request.artifactId)

// Archetype generation writes every file without permission bits: give the wrapper script its executable bit
// back (a no-op on Windows, which uses mvnw.cmd).
new File(project, 'mvnw').setExecutable(true, false)

// Resource copying and archetype packaging both drop .gitignore (a "default exclude"), so the archetype ships
// it as gitignore and the name is restored here.
def gitignore = new File(project, 'gitignore')
if (gitignore.isFile() && !gitignore.renameTo(new File(project, '.gitignore'))) {
    throw new IllegalStateException("Could not rename ${gitignore} to .gitignore")
}

// -Dexercises=sleep,gather keeps only the exercises of an assignment: their stubs, tests and docs stay, the
// others' go, and with them their lines in the README and their points on the scoreboard (the scoreboard
// counts the graded tests that exist). The course-provided legacy package is shared and always stays.
// A name that is not an exercise stops generation, and removes the half-made project, rather than leave a
// project with fewer exercises than the instructor meant.
String selection = (request.properties.getProperty('exercises') ?: 'all').trim()
File tests = new File(project, 'src/test/java/io/github/threadlab')
List<String> available = (tests.listFiles() ?: new File[0]).findAll { it.isDirectory() && it.name != 'harness' }*.name.sort()
if (selection != 'all') {
    List<String> chosen = selection.split(',')*.trim().findAll { !it.isEmpty() }.unique()
    List<String> unknown = chosen - available
    if (chosen.isEmpty() || !unknown.isEmpty()) {
        project.deleteDir()
        throw new IllegalArgumentException("-Dexercises=${selection}: " + (chosen.isEmpty() ? 'no exercise named'
                : "no exercise called ${unknown.join(', ')}") + "; the exercises are ${available.join(', ')} "
                + '(give some of them, comma-separated, or all)')
    }
    (available - chosen).each { String name ->
        new File(project, "src/main/java/io/github/threadlab/${name}").deleteDir()
        new File(project, "src/test/java/io/github/threadlab/${name}").deleteDir()
        new File(project, "docs/${name}.md").delete()
        new File(project, "docs/${name}").deleteDir()
    }
}

// The README's table of exercises: a row for each document left, from its first line,
// "# Exercise N: `name`, title", in course order.
List<List> rows = (new File(project, 'docs').listFiles() ?: new File[0]).findAll { it.name.endsWith('.md') }.collect { File doc ->
    def title = doc.readLines('UTF-8')[0] =~ /^# Exercise (\d+): `([\w-]+)`/
    if (!title.find()) {
        throw new IllegalStateException("docs/${doc.name} does not begin with '# Exercise N: `name`, ...'")
    }
    [title.group(1) as int, title.group(2)]
}.sort { it[0] }
File readmeWithRows = new File(project, 'README.md')
String withRows = readmeWithRows.getText('UTF-8')
def rowsMarker = withRows =~ /<!-- exercise rows -->\r?\n/
if (rowsMarker.find()) { // gone once the rows are written, e.g. when this script runs again on its own output
    readmeWithRows.setText(withRows.substring(0, rowsMarker.start())
            + rows.collect { "| ${it[0]} | ${it[1]} | [docs/${it[1]}.md](docs/${it[1]}.md) |\n" }.join('')
            + withRows.substring(rowsMarker.end()), 'UTF-8')
}

// -Dhints=all|nudges|none: how much help the exercise documents give. Their hints are a ladder of folded rungs,
// each a block from a line <details class="hint-nudge|hint-approach|hint-recipe"> to the next line </details>
// (the "Sharing results between threads" sections hold approach rungs too). all keeps every rung; nudges keeps
// the nudges and drops the approaches and recipes; none drops every rung and the "## Hints" sections, heading and
// all. The README keeps the paragraph, between "<!-- hints: LEVEL -->" and "<!-- end-hints -->", that says which.
// A rung of another kind, or one not closed, is an error in the archetype, not a block to keep or drop silently.
Map<String, List<String>> rungsKept = [all: ['nudge', 'approach', 'recipe'], nudges: ['nudge'], none: []]
String hints = (request.properties.getProperty('hints') ?: 'all').trim()
if (!rungsKept.containsKey(hints)) {
    project.deleteDir()
    throw new IllegalArgumentException("-Dhints=${hints}: the choices are ${rungsKept.keySet().join(', ')} "
            + '(all: every hint; nudges: only what to think about; none: no hints)')
}
List<String> keptRungs = rungsKept[hints]
(new File(project, 'docs').listFiles() ?: new File[0]).findAll { it.name.endsWith('.md') }.each { File doc ->
    List<String> kept = []
    String rung = null // the kind of the rung being read; null outside one
    boolean inDroppedHints = false
    boolean dropped = false // whether lines were dropped since the last line kept
    doc.readLines('UTF-8').eachWithIndex { String line, int index ->
        def opening = line =~ /^<details class="hint-([\w-]+)">\s*$/
        if (opening.matches()) {
            if (rung != null) {
                throw new IllegalStateException("${doc.name} line ${index + 1}: a hint rung inside the hint-${rung} "
                        + 'rung, which is not closed by </details>')
            }
            rung = opening.group(1)
            if (!rungsKept.all.contains(rung)) {
                throw new IllegalStateException("${doc.name} line ${index + 1}: a hint rung of kind ${rung}; the "
                        + "kinds are ${rungsKept.all.join(', ')}")
            }
        }
        if (line.startsWith('## ')) {
            if (rung != null) {
                throw new IllegalStateException("${doc.name} line ${index + 1}: the hint-${rung} rung is not "
                        + 'closed by </details> before the next section')
            }
            inDroppedHints = hints == 'none' && line.trim() == '## Hints'
        }
        if (inDroppedHints || (rung != null && !keptRungs.contains(rung))) {
            dropped = true
        } else if (!(dropped && line.isBlank() && !kept.isEmpty() && kept.last().isBlank())) {
            // A dropped block leaves one blank line between what was around it, not two.
            kept << line
            dropped = dropped && line.isBlank()
        }
        if (rung != null && line.trim() == '</details>') {
            rung = null
        }
    }
    if (rung != null) {
        throw new IllegalStateException("${doc.name}: the hint-${rung} rung is not closed by </details>")
    }
    while (!kept.isEmpty() && kept.last().isBlank()) {
        kept.remove(kept.size() - 1)
    }
    doc.setText(kept.join('\n') + '\n', 'UTF-8')
}
File readmeFile = new File(project, 'README.md')
List<String> readmeLines = []
String saying = null // the level of the README paragraph being read; null outside one
readmeFile.readLines('UTF-8').each { String line ->
    def opening = line =~ /^<!-- hints: (\w+) -->\s*$/
    if (opening.matches()) {
        saying = opening.group(1)
    } else if (line.trim() == '<!-- end-hints -->') {
        saying = null
    } else if (saying == null || saying == hints) {
        readmeLines << line
    }
}
readmeFile.setText(readmeLines.join('\n') + '\n', 'UTF-8')

// The exercises the project has, after the selection above.
File testRoot = new File(project, 'src/test/java/io/github/threadlab')
List<String> exercises = (testRoot.listFiles() ?: new File[0]).findAll { it.isDirectory() && it.name != 'harness' }*.name.sort()

// What only some exercises need (MiniAb's libraries, JFreeChart, the labs' exec executions) sits in pom.xml
// between a line "<!-- if-exercise: startup, fetcher -->" and a line "<!-- end-if-exercise -->": kept when the
// project has one of the exercises named, dropped otherwise, so that an assignment without them neither downloads
// their libraries nor offers commands for code it does not have. The marker lines go in every project. Blocks may
// nest; a marker naming no exercise of the course is an error in the archetype, not a block to drop silently.
File pomFile = new File(project, 'pom.xml')
List<String> pom = []
int depth = 0
int droppingFrom = 0 // the depth of the outermost block being dropped; 0 while keeping
pomFile.readLines('UTF-8').eachWithIndex { String line, int index ->
    def opening = line =~ /^\s*<!-- if-exercise: ([\w, -]+) -->\s*$/
    if (opening.matches()) {
        List<String> needs = opening.group(1).split(',')*.trim()
        List<String> unknown = needs - available
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("pom.xml line ${index + 1}: if-exercise names ${unknown.join(', ')}, "
                    + "which is not an exercise of the course (${available.join(', ')})")
        }
        depth++
        if (droppingFrom == 0 && needs.disjoint(exercises)) {
            droppingFrom = depth
        }
    } else if (line.trim() == '<!-- end-if-exercise -->') {
        if (depth == 0) {
            throw new IllegalStateException("pom.xml line ${index + 1}: end-if-exercise without if-exercise")
        }
        if (droppingFrom == depth) {
            droppingFrom = 0
        }
        depth--
    } else if (droppingFrom == 0) {
        pom << line
    }
}
if (depth != 0) {
    throw new IllegalStateException("pom.xml: ${depth} if-exercise block(s) not closed by end-if-exercise")
}
pomFile.setText(pom.join('\n') + '\n', 'UTF-8')

// GitHub Classroom: .github/workflows/classroom.yml runs the graded tests once and hands the reporter one result per
// exercise of the project, which the harness writes (target/threadlab/classroom/<exercise>.json, every test with its
// own points). Written here rather than shipped, so that it always matches the exercises and points the project
// has, and because archetype packaging drops dot-folders. An exercise whose file is missing (the build did not
// compile) is reported as an error worth 0 of its points, so the reporter still adds up every exercise.
Map<String, Integer> points = exercises.collectEntries { String name ->
    int sum = 0
    new File(testRoot, name).eachFileRecurse { f ->
        if (f.name.endsWith('.java')) {
            String code = f.text.replaceAll(/(?s)\/\*.*?\*\//, '').replaceAll(/\/\/[^\n]*/, '')
            (code =~ /@(?:io\.github\.threadlab\.harness\.)?Graded\b(\s*\(([^)]*)\))?/).each { m ->
                def explicit = m[2] == null ? null : (m[2] =~ /points\s*=\s*(\d+)/)
                sum += explicit != null && explicit.find() ? (explicit.group(1) as int) : 1
            }
        }
    }
    [(name): sum]
}
StringBuilder workflow = new StringBuilder()
workflow << '''\
# GitHub Classroom autograding: the graded tests run once, and every graded test earns its own points; the
# reporter lists one runner per exercise. Written when the project was generated.
name: Autograding Tests
'on':
- push
- repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
    - name: Checkout code
      uses: actions/checkout@v4
    - name: Set up a JDK 21
      uses: actions/setup-java@v4
      with:
        distribution: temurin
        java-version: '21'
        cache: maven
    - name: Graded tests
      id: tests
      timeout-minutes: 30
      shell: bash
      run: |
        # Failing tests do not fail this step: their points are in the results, and the reporter fails the job.
        ./mvnw -B -ntp test -Dmaven.test.failure.ignore=true || echo "::warning::the build failed, see above"
        results() {
          file="target/threadlab/classroom/$1.json"
          if [ ! -s "$file" ]; then
            mkdir -p "$(dirname "$file")"
            printf '{"version": 1, "status": "error", "max_score": %s, "tests": [{"name": "%s did not run", "status": "error", "score": 0, "max_score": %s, "message": "The graded tests of %s did not run: see the log of the step Graded tests.", "line_no": 0}]}\\n' "$2" "$1" "$2" "$1" > "$file"
          fi
          echo "$1=$(base64 -w0 "$file")" >> "$GITHUB_OUTPUT"
        }
'''
exercises.each { String name ->
    workflow << "        results ${name} ${points[name]}\n"
}
workflow << '''\
    - name: Autograding Reporter
      uses: classroom-resources/autograding-grading-reporter@v1
      env:
'''
exercises.each { String name ->
    workflow << "        ${name.toUpperCase()}_RESULTS: \"\${{steps.tests.outputs.${name}}}\"\n"
}
workflow << """\
      with:
        runners: ${exercises.join(',')}
"""
File workflows = new File(project, '.github/workflows')
workflows.mkdirs()
new File(workflows, 'classroom.yml').setText(workflow.toString(), 'UTF-8')
