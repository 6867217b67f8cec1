// A project generated with -Dhints=nudges (archetype.properties): every document keeps its nudges, story and
// contract, and loses its approaches and recipes; the README says that only nudges ship. See ../HintsCheck.groovy.
File project = context.projectDir
File resources = new File(basedir, '../../../classes/archetype-resources')
new GroovyShell().parse(new File(basedir, '../HintsCheck.groovy')).check(project, resources, 'nudges')
return true
