// Checks a project generated with -Dexercises=... (archetype.properties): only the chosen exercises' stubs,
// tests and docs are there, the README lists only them, the scoreboard counts only their tests, and the pom keeps
// only what they need. Then runs the real post-generate script on copies: with other selections, to check what
// their poms keep, and with a misspelt name, to check that it stops with a clear message and leaves no half-made
// project behind.
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.StandardCopyOption
import javax.xml.parsers.DocumentBuilderFactory
import org.xml.sax.InputSource

File project = context.projectDir
Properties props = new Properties()
new File(basedir, 'archetype.properties').withInputStream { props.load(it) }
List<String> chosen = props.getProperty('exercises').split(',')*.trim().sort()

List<String> subfolders(File dir) {
    (dir.listFiles() ?: new File[0]).findAll { it.isDirectory() }*.name.sort()
}

void copyTree(File from, File to) {
    from.toPath().with { root ->
        Files.walk(root).forEach { p ->
            def target = to.toPath().resolve(root.relativize(p).toString())
            if (Files.isDirectory(p)) Files.createDirectories(target) else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING)
        }
    }
}

// What pom.xml has only for some exercises, as text that appears in it only then: MiniAb's libraries and the demo
// server's and MiniAb's exec executions with their properties (fetcher); JFreeChart and the startup lab (startup).
// The exec plugin itself stays while one of them is there.
Map<String, List<String>> onlyFor = [
        fetcher: ['<artifactId>picocli</artifactId>', '<artifactId>jackson-jr-objects</artifactId>', '<picocli.version>',
                  '<jackson-jr.version>', '<id>demo-server</id>', '<id>miniab</id>', '<demo.jvm.options>', '<port>'],
        startup: ['<artifactId>jfreechart</artifactId>', '<jfreechart.version>', '<id>startup-lab</id>', '<startup.args>'],
]
Map<String, List<String>> execFor = ['exec-maven-plugin': ['fetcher', 'startup']]

void checkPom(File pomFile, List<String> exercises, Map<String, List<String>> onlyFor, Map<String, List<String>> execFor) {
    // Velocity has not run on the archetype's own copy: leave out its comment lines and unparsed-content markers.
    String pom = pomFile.readLines('UTF-8').findAll { !it.startsWith('##') && it.trim() != '#[[' && it.trim() != ']]#' }.join('\n')
    assert !(pom =~ /(?m)^\s*<!-- (if-exercise|end-if-exercise)\b/) : "${pomFile}: marker lines left in pom.xml"
    // Still well-formed XML once the blocks went.
    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(pom)))
    onlyFor.each { String exercise, List<String> texts ->
        texts.each { String text ->
            assert pom.contains(text) == exercises.contains(exercise) :
                    "${pomFile}, exercises ${exercises}: ${text} is ${pom.contains(text) ? 'there' : 'missing'}"
        }
    }
    execFor.each { String text, List<String> needers ->
        assert pom.contains(text) == !needers.disjoint(exercises) :
                "${pomFile}, exercises ${exercises}: ${text} is ${pom.contains(text) ? 'there' : 'missing'}"
    }
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

// GitHub Classroom: the reporter (its own code, run by run-reporter.groovy) lists the chosen exercises only, and
// sends Classroom the points results.json counts.
File workflow = new File(project, '.github/workflows/classroom.yml')
assert workflow.isFile() : '.github/workflows/classroom.yml is missing'
String yml = workflow.text
assert yml.contains("runners: ${chosen.join(',')}") : 'the reporter does not list the chosen exercises'
File reporter = new File(basedir, '../../reporter')
def classroom = new GroovyShell().evaluate(new File(reporter, 'run-reporter.groovy'))(reporter, project)
assert classroom.totalPoints == results.score && classroom.maxPoints == results.max_score : "the reporter sent ${classroom.totalPoints} of ${classroom.maxPoints}, results.json counts ${results.score} of ${results.max_score}"

// The pom keeps only what the chosen exercises need (and the project built with it, above).
checkPom(new File(project, 'pom.xml'), chosen, onlyFor, execFor)

// Other selections: the same script the archetype runs after generation, on copies of the archetype's own project
// files (before Velocity, which only fills in coordinates).
File script = new File(basedir, '../../../classes/META-INF/archetype-post-generate.groovy')
assert script.isFile() : "no post-generate script at ${script}"
File resources = new File(basedir, '../../../classes/archetype-resources')
assert new File(resources, 'pom.xml').isFile() : "no archetype resources at ${resources}"
['fetcher,sleep', 'startup', 'all'].each { String selection ->
    File generated = new File(basedir, 'selections')
    generated.deleteDir()
    copyTree(resources, new File(generated, 'hw'))
    Properties selected = new Properties()
    selected.setProperty('exercises', selection)
    new GroovyShell(new Binding([request: [outputDirectory: generated.path, artifactId: 'hw', properties: selected]])).evaluate(script)
    List<String> kept = subfolders(new File(generated, 'hw/src/test/java/io/github/threadlab')) - ['harness']
    assert selection == 'all' ? kept.containsAll(onlyFor.keySet()) : kept == selection.split(',').toList().sort()
    checkPom(new File(generated, 'hw/pom.xml'), kept, onlyFor, execFor)
    generated.deleteDir()
}

// A misspelt exercise: the same script, on a copy of this project.
File scratch = new File(basedir, 'misspelt')
scratch.deleteDir()
File copy = new File(scratch, project.name)
copyTree(project, copy)
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
