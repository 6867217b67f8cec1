package io.github.threadlab.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every variant of the corpus kept as a patch still applies to its base, checked in seconds rather than at its turn
 * in the corpus run; each one's sources are written out under {@code target/corpus/<exercise>/<kind>/<variant>/src},
 * where the grader's allowlist test reads the correct ones to scan them.
 */
@Tag("corpus")
class CorpusSourcesTest {

    @Test
    void every_patch_applies_to_its_base_and_is_written_out() {
        Corpus corpus = Corpus.fromSystemProperties();
        VariantSources sources = corpus.sources();
        List<String> broken = new ArrayList<>();
        int patches = 0;
        for (String exercise : corpus.exercises()) {
            for (Variant variant : corpus.variants(exercise)) {
                if (!VariantSources.isPatch(variant.source())) {
                    continue;
                }
                patches++;
                try {
                    assertTrue(!sources.javaFiles(variant).isEmpty(), variant + " changes no file");
                } catch (VariantPatch.BrokenPatchException e) {
                    broken.add(e.getMessage());
                }
            }
        }
        assertEquals(List.of(), broken, "patches that no longer apply");
        assertTrue(patches > 0 || !System.getProperty("threadlab.corpus.exercises", "").isBlank(),
                "no patch found under " + corpus.root());
    }
}
