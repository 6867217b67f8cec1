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
