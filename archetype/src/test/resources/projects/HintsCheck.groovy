// Shared by the integration tests' verify.groovy scripts: checks what -Dhints=all|nudges|none left in a generated
// project's documents and README. It compares each generated document with the archetype's own copy, with the rungs
// that level drops cut out here by a pattern of its own (not by the post-generate script's line reading), so that the
// two have to agree. Used as: new GroovyShell().parse(file).check(project, archetypeResources, level).

/** The rungs each level keeps. */
static Map<String, List<String>> rungsKept() {
    [all: ['nudge', 'approach', 'recipe'], nudges: ['nudge'], none: []]
}

/** Non-blank lines, trailing spaces dropped: blank lines may differ where a block was cut out. */
static List<String> content(String text) {
    text.readLines()*.replaceAll(/\s+$/, '').findAll { !it.isEmpty() }
}

static void check(File project, File archetypeResources, String level) {
    List<String> kept = rungsKept()[level]
    assert kept != null : "no such hints level ${level}"
    List<File> docs = (new File(project, 'docs').listFiles() ?: new File[0]).findAll { it.name.endsWith('.md') }
    assert !docs.isEmpty() : 'no exercise document'
    docs.each { File doc ->
        String text = doc.getText('UTF-8')
        String original = new File(archetypeResources, "docs/${doc.name}").getText('UTF-8')
        ['nudge', 'approach', 'recipe'].each { String rung ->
            int before = (original =~ /<details class="hint-${rung}">/).size()
            int after = (text =~ /<details class="hint-${rung}">/).size()
            assert before > 0 : "${doc.name} has no ${rung} in the archetype"
            assert after == (kept.contains(rung) ? before : 0) :
                    "-Dhints=${level}: ${doc.name} has ${after} ${rung} rung(s) of ${before}"
        }
        assert text.contains('## The story') && text.contains('## What to implement') :
                "-Dhints=${level}: ${doc.name} lost its story or its contract"
        assert text.contains('## Hints') == (level != 'none') : "-Dhints=${level}: ${doc.name}'s Hints section"
        String expected = original
        ['nudge', 'approach', 'recipe'].findAll { !kept.contains(it) }.each { String rung ->
            expected = expected.replaceAll(/(?s)<details class="hint-${rung}">.*?<\/details>/, '')
        }
        if (level == 'none') {
            expected = expected.replaceAll(/(?s)\n## Hints\n.*?(?=\n## |\z)/, '\n')
        }
        assert content(text) == content(expected) : "-Dhints=${level}: ${doc.name} differs from the archetype's " +
                "copy by more than the rungs it drops"
    }
    String readme = new File(project, 'README.md').getText('UTF-8')
    assert !readme.contains('<!-- hints:') && !readme.contains('<!-- end-hints') : 'hints markers left in README.md'
    Map<String, String> saying = [all: 'in three steps: a\nnudge', nudges: 'Each document ends with a nudge',
                                  none: 'to ship the documents without hints']
    saying.each { String which, String words ->
        assert readme.contains(words) == (which == level) :
                "-Dhints=${level}: README.md ${readme.contains(words) ? 'says' : 'does not say'} '${words}'"
    }
}
