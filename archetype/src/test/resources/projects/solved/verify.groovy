// Drops the reference solutions into the generated project, runs its tests the way a student does
// (./mvnw test) and checks that they earn every point. goal.txt is blank because the solutions must be in
// place before the build: maven-archetype-plugin's integration-test goal runs its goals before this script.
// The build copied solutions/src/main/java next to this script, to solutions/java (see the archetype pom).
// maven-archetype-plugin (through maven-script-interpreter) binds `basedir`, this script's folder, and
// `context`, whose `projectDir` is the generated project.
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.StandardCopyOption

File project = context.projectDir
File solutions = new File(basedir, 'solutions/java')
List<File> sources = []
if (solutions.isDirectory()) {
    solutions.eachFileRecurse { if (it.name.endsWith('.java')) sources << it }
}
assert !sources.isEmpty() : "no reference solutions in ${solutions} (copied from solutions/src/main/java)"

File mainJava = new File(project, 'src/main/java')
sources.each { src ->
    File target = new File(mainJava, solutions.toPath().relativize(src.toPath()).toString())
    target.parentFile.mkdirs()
    Files.copy(src.toPath(), target.toPath(), StandardCopyOption.REPLACE_EXISTING)
}
println "Copied ${sources.size()} reference solution sources into ${mainJava}"

// The nested build shares this build's local repository and time factor.
List<String> command = System.getProperty('os.name').toLowerCase().contains('windows')
        ? ['cmd', '/c', 'mvnw.cmd'] : ['./mvnw']
command += ['-B', 'test']
['maven.repo.local', 'threadlab.timeFactor'].each { key ->
    if (System.getProperty(key)) command << "-D${key}=${System.getProperty(key)}".toString()
}
println "Running ${command.join(' ')} in ${project}"
Process build = new ProcessBuilder(command).directory(project).redirectErrorStream(true).start()
List<String> output = []
build.inputStream.eachLine { println it; output << it }   // into this IT's build.log
int exit = build.waitFor()
if (exit != 0) {
    // The scoreboard says which graded tests fail; without one, the end of the log says why.
    int board = output.findLastIndexOf { it.contains('threadlab scoreboard') }
    int end = output.findIndexOf(Math.max(board, 0)) { it.startsWith('results (Gradescope format)') }
    List<String> excerpt = board >= 0 && end > board ? output.subList(board, end + 1) : output.takeRight(40)
    assert false : "./mvnw test failed on the reference solutions (exit code ${exit}; full log in " +
            "${new File(project, 'build.log')}):\n${excerpt.join('\n')}"
}

// Full marks, one entry per @Graded method.
File resultsFile = new File(project, 'target/threadlab/results.json')
assert resultsFile.isFile() : 'target/threadlab/results.json was not written'
def results = new JsonSlurper().parse(resultsFile)
int graded = countGradedMethods(new File(project, 'src/test/java'))
assert graded > 0 : 'no @Graded test in the generated project'
assert results.tests.size() == graded : "results.json has ${results.tests.size()} tests, the sources ${graded} @Graded methods"
int max = results.tests.sum { it.max_score } as int
assert max > 0
assert results.score == max : "the reference solutions score ${results.score} of ${max}"
results.tests.each { t -> assert t.score == t.max_score : "the reference solutions fail ${t.name}: ${t.output}" }

// The test report: one section with a timeline per graded test.
File report = new File(project, 'target/threadlab/report.html')
assert report.isFile() : 'target/threadlab/report.html was not written'
String html = report.text
assert (html =~ /<article class="test /).size() == graded : "report.html does not have one section per graded test"
assert (html =~ /<svg [^>]*class="timeline"/).size() == graded : "report.html does not have a timeline per graded test"

return true

/** @Graded annotations in the test sources (outside the harness), comments ignored. */
static int countGradedMethods(File testSources) {
    int count = 0
    testSources.eachFileRecurse { f ->
        if (f.name.endsWith('.java') && !f.path.replace('\\', '/').contains('/io/github/threadlab/harness/')) {
            String code = f.text.replaceAll(/(?s)\/\*.*?\*\//, '').replaceAll(/\/\/[^\n]*/, '')
            count += (code =~ /@(?:io\.github\.threadlab\.harness\.)?Graded\b/).size()
        }
    }
    return count
}
