// Runs a generated project's GitHub Classroom workflow as GitHub Actions would, minus the Maven run that the
// integration test has done already (see README.md next to this script). Evaluated by the verify scripts, it
// returns a closure: (File reporter, this folder; File project; List<String> runners, all when null) -> [totalPoints,
// maxPoints, exit, log]. runners, when given, narrows the reporter step's list.
import groovy.json.JsonSlurper
import java.util.concurrent.TimeUnit

return { File reporter, File project, List<String> only = null ->
    String yml = new File(project, '.github/workflows/classroom.yml').getText('UTF-8')

    // The step "Graded tests": its run block, without the line that runs Maven.
    List<String> lines = yml.readLines()
    int step = lines.findIndexOf { it.trim() == 'id: tests' }
    assert step >= 0 : 'classroom.yml has no step with id tests'
    int run = lines.findIndexOf(step) { it.trim() == 'run: |' }
    assert run > step : 'the step tests has no run block'
    int indent = lines[run + 1].takeWhile { it == ' ' }.length()
    List<String> block = []
    for (int i = run + 1; i < lines.size() && (lines[i].isBlank() || lines[i].takeWhile { it == ' ' }.length() >= indent); i++) {
        block << lines[i].substring(Math.min(indent, lines[i].length()))
    }
    List<String> maven = block.findAll { it.startsWith('./mvnw ') }
    assert maven.size() == 1 : "the step tests should run Maven once: ${maven}"
    assert maven[0].contains(' test') && maven[0].contains('-Dmaven.test.failure.ignore=true')
    block.remove(maven[0])

    File outputs = File.createTempFile('github-output', '.txt')
    File script = File.createTempFile('graded-tests', '.sh')
    script.setText(block.join('\n') + '\n', 'UTF-8')
    ProcessBuilder bash = new ProcessBuilder(['bash', '-e', script.path]).directory(project).redirectErrorStream(true)
    bash.environment().put('GITHUB_OUTPUT', outputs.path)
    Process shell = bash.start()
    String shellLog = shell.inputStream.getText('UTF-8')
    assert shell.waitFor() == 0 : "the step tests failed: ${shellLog}"
    Map<String, String> stepOutputs = outputs.readLines('UTF-8').findAll { it.contains('=') }
            .collectEntries { [(it.substring(0, it.indexOf('='))): it.substring(it.indexOf('=') + 1)] }
    outputs.delete()
    script.delete()

    // The reporter step: its runners and the variables that carry the step's outputs to it.
    def runnersLine = yml =~ /(?m)^\s+runners: (\S+)$/
    assert runnersLine.find() : 'the reporter step has no runners'
    List<String> runners = runnersLine.group(1).split(',') as List
    Map<String, String> env = [:]
    (yml =~ /(?m)^\s+(\w+_RESULTS): "\$\{\{steps\.tests\.outputs\.(\w+)}}"$/).each { m ->
        env[m[1]] = stepOutputs[m[2]] ?: ''
    }
    runners.each { assert env.containsKey("${it.toUpperCase()}_RESULTS".toString()) : "no ${it.toUpperCase()}_RESULTS for runner ${it}" }

    // The reporter's dependencies, once per build (the verify scripts run one after the other).
    if (!new File(reporter, 'node_modules/@actions/core').isDirectory()) {
        Process npm = new ProcessBuilder(['npm', 'install', '--no-audit', '--no-fund', '--loglevel=error'])
                .directory(reporter).redirectErrorStream(true).start()
        String npmLog = npm.inputStream.getText('UTF-8')
        assert npm.waitFor() == 0 : "npm install in ${reporter} failed: ${npmLog}"
    }
    ProcessBuilder node = new ProcessBuilder(['node', 'src/main.js']).directory(reporter).redirectErrorStream(true)
    node.environment().putAll(env)
    node.environment().put('INPUT_RUNNERS', (only ?: runners).join(','))
    Process reporting = node.start()
    String log = reporting.inputStream.getText('UTF-8')
    assert reporting.waitFor(60, TimeUnit.SECONDS) : 'the reporter did not end'
    def notice = log =~ /::notice title=Autograding report::(\{.*})/
    assert notice.find() : "the reporter sent Classroom no points:\n${log}"
    Map points = new JsonSlurper().parseText(notice.group(1)) as Map
    println log
    return [totalPoints: points.totalPoints, maxPoints: points.maxPoints, exit: reporting.exitValue(), log: log]
}
