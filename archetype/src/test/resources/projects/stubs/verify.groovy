// Checks the project generated from the archetype, after `mvn test -Dmaven.test.failure.ignore=true` has run
// in it (goal.txt). The exercises are still stubs, so every graded test must fail and score 0.
// maven-archetype-plugin (through maven-script-interpreter) binds `basedir`, this script's folder, and
// `context`, whose `projectDir` is the generated project.
import groovy.json.JsonSlurper

File project = context.projectDir

// The post-generate script restored what archetype packaging loses.
assert new File(project, 'mvnw').canExecute() : 'mvnw is not executable'
assert new File(project, '.gitignore').isFile() : '.gitignore is missing'
assert !new File(project, 'gitignore').exists() : 'gitignore was not renamed to .gitignore'
assert new File(project, '.mvn/wrapper/maven-wrapper.properties').text.contains('distributionUrl=') :
        '.mvn/wrapper/maven-wrapper.properties is missing or has no distributionUrl'
assert new File(project, 'mvnw.cmd').isFile() : 'mvnw.cmd is missing'
// Maven's own JVM on the quick compiler tier, as in the course's repository: each ./mvnw test starts sooner.
assert new File(project, '.mvn/jvm.config').text.contains('-XX:TieredStopAtLevel=1') :
        '.mvn/jvm.config is missing or does not hold Maven on the quick compiler tier'

// Velocity filled in the coordinates; the build filled in the versions and left Maven's expressions alone.
String pom = new File(project, 'pom.xml').text
assert pom.contains('<groupId>edu.example</groupId>') && pom.contains('<artifactId>hw1</artifactId>')
assert !(pom =~ /@[\w.-]+@/) : "pom.xml has unfiltered build-time tokens: ${(pom =~ /@[\w.-]+@/).collect()}"
assert pom.contains('-javaagent:${org.mockito:mockito-core:jar}') : 'the surefire argLine lost its ${...} expressions'
assert !pom.contains('#[[') && !pom.contains(']]#') : 'Velocity markers left in pom.xml'
// Every exercise is there, so the post-generate script kept every exercise's pom parts, without their marker lines.
assert !(pom =~ /(?m)^\s*<!-- (if-exercise|end-if-exercise)\b/) : 'if-exercise marker lines left in pom.xml'
['<artifactId>picocli</artifactId>', '<id>miniab</id>', '<id>demo-server</id>', '<artifactId>jfreechart</artifactId>',
 '<id>startup-lab</id>'].each { assert pom.contains(it) : "pom.xml lost ${it}" }
String readme = new File(project, 'README.md').text
assert readme.startsWith('# hw1') && !readme.contains('#[[') && !readme.contains(']]#')
List<String> docs = (readme =~ /\]\((docs\/[\w.-]+\.md)\)/).collect { it[1] }
assert !docs.isEmpty() : 'README.md links to no exercise document'
docs.each { assert new File(project, it).isFile() : "README.md links to ${it}, which is missing" }

// The course's package, whatever groupId and package the project was generated with.
assert !new File(project, 'src/main/java/edu').exists() && !new File(project, 'src/test/java/edu').exists()
assert new File(project, 'src/main/java/io/github/threadlab/sleep/SleepTasks.java').isFile()
assert new File(project, 'src/test/java/io/github/threadlab/harness/ScoreboardListener.java').isFile()
assert new File(project, 'src/test/resources/META-INF/services/org.junit.platform.launcher.TestExecutionListener').isFile()
['src/main/java', 'src/test/java'].each { root ->
    new File(project, root).eachFileRecurse { f ->
        if (f.name.endsWith('.java')) {
            assert (f.text =~ /(?m)^package io\.github\.threadlab(\.\w+)*;/).find() : "${f} is not in io.github.threadlab"
        }
    }
}

// The build ran the tests and printed the scoreboard.
String log = new File(project, 'build.log').text
assert log.contains('BUILD SUCCESS') : 'the generated project did not build (see build.log)'
assert log.contains('threadlab scoreboard') : 'no scoreboard in build.log'

// results.json: Gradescope's format, one entry per @Graded method, all at 0 points.
File resultsFile = new File(project, 'target/threadlab/results.json')
assert resultsFile.isFile() : 'target/threadlab/results.json was not written'
def results = new JsonSlurper().parse(resultsFile)
int graded = countGradedMethods(new File(project, 'src/test/java'))
assert graded > 0 : 'no @Graded test in the generated project'
assert results.tests.size() == graded : "results.json has ${results.tests.size()} tests, the sources ${graded} @Graded methods"
assert results.score == 0 : "the stubs score ${results.score}, expected 0"
results.tests.each { t ->
    assert t.score == 0 : "a stub passes a graded test: ${t.name}"
    assert t.max_score > 0 : "graded test without points: ${t.name}"
}

// The test report: one section with a timeline per graded test.
File report = new File(project, 'target/threadlab/report.html')
assert report.isFile() : 'target/threadlab/report.html was not written'
String html = report.text
assert (html =~ /<article class="test /).size() == graded : "report.html does not have one section per graded test"
assert (html =~ /<svg [^>]*class="timeline"/).size() == graded : "report.html does not have a timeline per graded test"

List<String> exercises = new File(project, 'src/test/java/io/github/threadlab').listFiles().findAll { it.isDirectory() && it.name != 'harness' }*.name.sort()
// GitHub Classroom: one step runs the graded tests, the reporter (its own code, run by run-reporter.groovy) lists
// one runner per exercise and sends Classroom 0 of the points results.json counts.
File workflow = new File(project, '.github/workflows/classroom.yml')
assert workflow.isFile() : '.github/workflows/classroom.yml is missing'
String yml = workflow.text
assert (yml =~ /\.\/mvnw /).size() == 1 : 'classroom.yml should run Maven once'
assert yml.contains('classroom-resources/autograding-grading-reporter@v1') && !yml.contains('autograding-command-grader')
assert yml.contains("runners: ${exercises.join(',')}") : 'the reporter does not list every exercise'
File reporter = new File(basedir, '../../reporter')
def runReporter = new GroovyShell().evaluate(new File(reporter, 'run-reporter.groovy'))
def classroom = runReporter(reporter, project)
assert classroom.totalPoints == 0 && classroom.maxPoints == results.max_score : "the reporter sent ${classroom.totalPoints} of ${classroom.maxPoints}, results.json counts 0 of ${results.max_score}"
assert classroom.exit != 0 : 'the reporter should fail the job when tests fail'
// An exercise whose tests did not run (here: its results removed) is an error worth 0 of its points, and the
// reporter still adds up every exercise.
File sleepResults = new File(project, 'target/threadlab/classroom/sleep.json')
assert sleepResults.delete() : "no ${sleepResults}"
def withoutSleep = runReporter(reporter, project)
assert withoutSleep.totalPoints == 0 && withoutSleep.maxPoints == results.max_score : "without sleep's results: ${withoutSleep.totalPoints} of ${withoutSleep.maxPoints}"
assert new groovy.json.JsonSlurper().parse(sleepResults).status == 'error'

// -Dhints was not given: every hint rung of every document is there, and the README says so.
new GroovyShell().parse(new File(basedir, '../HintsCheck.groovy')).check(project,
        new File(basedir, '../../../classes/archetype-resources'), 'all')
assert readme.contains("./mvnw test -Dtest='io.github.threadlab.sleep.*Test'") : 'README.md: the one-exercise command'

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
