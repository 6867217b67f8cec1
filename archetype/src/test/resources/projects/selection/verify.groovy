// Checks a project generated with -Dexercises=... (archetype.properties): only the chosen exercises' stubs,
// tests and docs are there, the README lists only them, and the scoreboard counts only their tests. Then runs
// the real post-generate script with a misspelt name and checks that it stops with a clear message and leaves
// no half-made project behind.
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.StandardCopyOption

File project = context.projectDir
Properties props = new Properties()
new File(basedir, 'archetype.properties').withInputStream { props.load(it) }
List<String> chosen = props.getProperty('exercises').split(',')*.trim().sort()

List<String> subfolders(File dir) {
    (dir.listFiles() ?: new File[0]).findAll { it.isDirectory() }*.name.sort()
}

assert subfolders(new File(project, 'src/test/java/io/github/threadlab')) - ['harness'] == chosen :
        "graded test packages ${subfolders(new File(project, 'src/test/java/io/github/threadlab'))}, chosen ${chosen}"
assert subfolders(new File(project, 'src/main/java/io/github/threadlab')) - ['legacy'] == chosen :
        "exercise packages ${subfolders(new File(project, 'src/main/java/io/github/threadlab'))}, chosen ${chosen}"
assert new File(project, 'src/main/java/io/github/threadlab/legacy/Inventory.java').isFile() : 'the shared legacy API went'
List<String> docs = new File(project, 'docs').list().findAll { it.endsWith('.md') }.collect { it - '.md' }.sort()
assert docs == chosen : "docs ${docs}, chosen ${chosen}"
List<String> linked = (new File(project, 'README.md').text =~ /\]\(docs\/([\w-]+)\.md\)/).collect { it[1] }.sort()
assert linked == chosen : "the README lists ${linked}, chosen ${chosen}"

String log = new File(project, 'build.log').text
assert log.contains('BUILD SUCCESS') && log.contains('threadlab scoreboard')
def results = new JsonSlurper().parse(new File(project, 'target/threadlab/results.json'))
assert !results.tests.isEmpty()
results.tests.each { t -> assert chosen.contains(t.name.split(':')[0]) : "results.json grades ${t.name}" }
assert results.max_score == results.tests.sum { it.max_score }

// GitHub Classroom: one autograding step per exercise of the project, worth together what results.json counts.
File workflow = new File(project, '.github/workflows/classroom.yml')
assert workflow.isFile() : '.github/workflows/classroom.yml is missing'
String yml = workflow.text
List<String> stepped = (yml =~ /(?m)^\s+test-name: (\S+)$/).collect { it[1] }.sort()
assert stepped == chosen : "classroom.yml grades ${stepped}, the project has ${chosen}"
int workflowPoints = (yml =~ /(?m)^\s+max-score: (\d+)$/).collect { it[1] as int }.sum() ?: 0
assert workflowPoints == results.max_score : "classroom.yml is worth ${workflowPoints}, results.json ${results.max_score}"
assert yml.contains('classroom-resources/autograding-command-grader@v1') && yml.contains('classroom-resources/autograding-grading-reporter@v1')
assert yml.contains("runners: ${chosen.join(',')}") : 'the reporter does not list every step'
chosen.each { assert yml.contains("-Dtest='io.github.threadlab.${it}.*Test'") && yml.contains("${it.toUpperCase()}_RESULTS") }

// A misspelt exercise: the same script the archetype runs after generation, on a copy of this project.
File script = new File(basedir, '../../../classes/META-INF/archetype-post-generate.groovy')
assert script.isFile() : "no post-generate script at ${script}"
File scratch = new File(basedir, 'misspelt')
scratch.deleteDir()
File copy = new File(scratch, project.name)
project.toPath().with { from ->
    Files.walk(from).forEach { p ->
        def target = copy.toPath().resolve(from.relativize(p).toString())
        if (Files.isDirectory(p)) Files.createDirectories(target) else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING)
    }
}
Properties misspelt = new Properties()
misspelt.setProperty('exercises', 'slep')
def request = [outputDirectory: scratch.path, artifactId: project.name, properties: misspelt]
try {
    new GroovyShell(new Binding([request: request])).evaluate(script)
    assert false : '-Dexercises=slep was accepted'
} catch (IllegalArgumentException e) {
    assert e.message.contains('no exercise called slep') && chosen.every { e.message.contains(it) } : e.message
}
assert !copy.exists() : 'a misspelt selection left a half-made project behind'
scratch.deleteDir()
return true
