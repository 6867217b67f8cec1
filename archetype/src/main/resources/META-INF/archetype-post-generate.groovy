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
    File readme = new File(project, 'README.md')
    List<String> lines = readme.readLines('UTF-8')
    (available - chosen).each { String name ->
        new File(project, "src/main/java/io/github/threadlab/${name}").deleteDir()
        new File(project, "src/test/java/io/github/threadlab/${name}").deleteDir()
        new File(project, "docs/${name}.md").delete()
        new File(project, "docs/${name}").deleteDir()
        lines.removeAll { it.contains("(docs/${name}.md)") }
    }
    readme.setText(lines.join('\n') + '\n', 'UTF-8')
}
