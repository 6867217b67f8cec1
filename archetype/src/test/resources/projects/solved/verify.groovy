// Drops the reference solutions into the generated project, runs its tests the way a student does
// (./mvnw test) and checks that they earn every point. With -Dthreadlab.jdk21=<the java of a JDK 21> on the outer
// build's command line (CI passes the one scripts/jdk21.sh prints), it runs them once more with the tests on that
// JDK 21 (surefire's -Djvm), the oldest JDK the course supports, and checks the same.
// goal.txt is blank because the solutions must be in place before the build: maven-archetype-plugin's
// integration-test goal runs its goals before this script.
// The build copied solutions/*/src/main/java next to this script, to solutions/java (see the archetype pom).
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
assert !sources.isEmpty() : "no reference solutions in ${solutions} (copied from solutions/*/src/main/java)"

File mainJava = new File(project, 'src/main/java')
sources.each { src ->
    File target = new File(mainJava, solutions.toPath().relativize(src.toPath()).toString())
    target.parentFile.mkdirs()
    Files.copy(src.toPath(), target.toPath(), StandardCopyOption.REPLACE_EXISTING)
}
println "Copied ${sources.size()} reference solution sources into ${mainJava}"

// The nested build shares this build's local repository and time factor.
List<String> base = System.getProperty('os.name').toLowerCase().contains('windows')
        ? ['cmd', '/c', 'mvnw.cmd'] : ['./mvnw']
base += ['-B', 'test']
['maven.repo.local', 'threadlab.timeFactor'].each { key ->
    if (System.getProperty(key)) base << "-D${key}=${System.getProperty(key)}".toString()
}
Map<String, List<String>> runs = ['the toolchain\'s JDK': base]
String jdk21 = System.getProperty('threadlab.jdk21')
if (jdk21) {
    runs['JDK 21'] = base + ["-Djvm=${jdk21}".toString()]
}
int graded = countGradedMethods(new File(project, 'src/test/java'))
assert graded > 0 : 'no @Graded test in the generated project'
// Every run earns every point: the course's maximum, which the reporter must send too.
List<Integer> maxima = runs.collect { jdk, command -> buildAndCheck(project, command, jdk, graded) }
assert maxima.unique(false).size() == 1 : "the runs' maximum points differ: ${maxima}"
int max = maxima[0]

// GitHub Classroom: the reporter (its own code, run by run-reporter.groovy) sends Classroom every point.
File reporter = new File(basedir, '../../reporter')
def runReporter = new GroovyShell().evaluate(new File(reporter, 'run-reporter.groovy'))
def classroom = runReporter(reporter, project)
assert classroom.totalPoints == max && classroom.maxPoints == max : "the reporter sent ${classroom.totalPoints} of ${classroom.maxPoints}, expected ${max}"
assert classroom.exit == 0 : "the reporter failed the job:\n${classroom.log}"

// Partial credit: a sleep solution that fails one 1-point test (the corpus's pool_size_not_validated, copied next to
// this script by the build) earns the other 24 of sleep's 25 points, where an all-or-nothing step would give 0.
File partial = new File(basedir, 'solutions/partial/SleepTasks.java')
assert partial.isFile() : "no ${partial}"
Files.copy(partial.toPath(), new File(mainJava, 'io/github/threadlab/sleep/SleepTasks.java').toPath(),
        StandardCopyOption.REPLACE_EXISTING)
List<String> sleepOnly = base + ['-o', "-Dtest=io.github.threadlab.sleep.*Test".toString(), '-Dmaven.test.failure.ignore=true']
Process sleepBuild = new ProcessBuilder(sleepOnly).directory(project).redirectErrorStream(true).start()
sleepBuild.inputStream.eachLine { println it }
assert sleepBuild.waitFor() == 0 : 'the sleep tests did not run'
def sleep = new JsonSlurper().parse(new File(project, 'target/threadlab/results.json'))
assert sleep.tests.size() == 21 && sleep.tests.count { it.score == it.max_score } == 20 : "expected 20 of 21 sleep tests to pass: ${sleep.tests.findAll { it.score == 0 }*.name}"
def sleepOnlyReport = runReporter(reporter, project, ['sleep'])
assert sleepOnlyReport.totalPoints == sleep.max_score - 1 && sleepOnlyReport.maxPoints == sleep.max_score : "sleep: the reporter sent ${sleepOnlyReport.totalPoints} of ${sleepOnlyReport.maxPoints}, expected ${sleep.max_score - 1} of ${sleep.max_score}"
def allButOne = runReporter(reporter, project)
assert allButOne.totalPoints == max - 1 && allButOne.maxPoints == max : "the reporter sent ${allButOne.totalPoints} of ${allButOne.maxPoints}, expected ${max - 1} of ${max}"
assert allButOne.exit != 0 : 'the reporter should fail the job when a test fails'

return true

/**
 * Runs the generated project's tests with {@code command} and checks that the reference solutions earn every point
 * and that the report has a section and a timeline per graded test; gives the course's maximum points.
 */
static int buildAndCheck(File project, List<String> command, String jdk, int graded) {
    File resultsFile = new File(project, 'target/threadlab/results.json')
    File report = new File(project, 'target/threadlab/report.html')
    resultsFile.delete()
    report.delete()
    println "Running ${command.join(' ')} in ${project} (tests on ${jdk})"
    Process build = new ProcessBuilder(command).directory(project).redirectErrorStream(true).start()
    List<String> output = []
    build.inputStream.eachLine { println it; output << it }   // into this IT's build.log
    int exit = build.waitFor()
    if (exit != 0) {
        // The scoreboard says which graded tests fail; without one, the end of the log says why.
        int board = output.findLastIndexOf { it.contains('threadlab scoreboard') }
        int end = output.findIndexOf(Math.max(board, 0)) { it.startsWith('results (Gradescope format)') }
        List<String> excerpt = board >= 0 && end > board ? output.subList(board, end + 1) : output.takeRight(40)
        assert false : "./mvnw test failed on the reference solutions, tests on ${jdk} (exit code ${exit}; full " +
                "log in ${new File(project, 'build.log')}):\n${excerpt.join('\n')}"
    }

    // Full marks, one entry per @Graded method.
    assert resultsFile.isFile() : "target/threadlab/results.json was not written (tests on ${jdk})"
    def results = new JsonSlurper().parse(resultsFile)
    assert results.tests.size() == graded : "results.json has ${results.tests.size()} tests, the sources ${graded} @Graded methods (tests on ${jdk})"
    int max = results.tests.sum { it.max_score } as int
    assert max > 0
    assert results.score == max : "the reference solutions score ${results.score} of ${max} (tests on ${jdk})"
    results.tests.each { t -> assert t.score == t.max_score : "the reference solutions fail ${t.name} (tests on ${jdk}): ${t.output}" }

    // The test report: one section with a timeline per graded test.
    assert report.isFile() : "target/threadlab/report.html was not written (tests on ${jdk})"
    String html = report.text
    assert (html =~ /<article class="test /).size() == graded : "report.html does not have one section per graded test"
    assert (html =~ /<svg [^>]*class="timeline"/).size() == graded : "report.html does not have a timeline per graded test"
    max
}

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
