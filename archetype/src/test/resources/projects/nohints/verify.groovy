// A project generated with -Dhints=none (archetype.properties): the documents keep their story and contract and
// lose every hint rung and their Hints sections; the README says so. See ../HintsCheck.groovy. Then the real
// post-generate script on a copy of this project, with a level that does not exist: generation stops with the
// choices and leaves no half-made project behind.
import java.nio.file.Files
import java.nio.file.StandardCopyOption

File project = context.projectDir
File resources = new File(basedir, '../../../classes/archetype-resources')
new GroovyShell().parse(new File(basedir, '../HintsCheck.groovy')).check(project, resources, 'none')
assert new File(project, 'docs').list().findAll { it.endsWith('.md') }.sort() == ['fetcher.md', 'sleep.md']

File script = new File(basedir, '../../../classes/META-INF/archetype-post-generate.groovy')
File scratch = new File(basedir, 'unknown-level')
scratch.deleteDir()
File copy = new File(scratch, project.name)
project.toPath().with { root ->
    Files.walk(root).forEach { p ->
        def target = copy.toPath().resolve(root.relativize(p).toString())
        if (Files.isDirectory(p)) Files.createDirectories(target) else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING)
    }
}
Properties unknown = new Properties()
unknown.setProperty('hints', 'some')
try {
    new GroovyShell(new Binding([request: [outputDirectory: scratch.path, artifactId: project.name, properties: unknown]])).evaluate(script)
    assert false : '-Dhints=some was accepted'
} catch (IllegalArgumentException e) {
    assert e.message.contains('-Dhints=some') && ['all', 'nudges', 'none'].every { e.message.contains(it) } : e.message
}
assert !copy.exists() : 'an unknown hints level left a half-made project behind'
scratch.deleteDir()
return true
