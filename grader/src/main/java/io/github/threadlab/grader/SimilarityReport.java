package io.github.threadlab.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The short form of a similarity check: {@code pairs.csv}, every pair at or above the threshold, most similar
 * first per exercise, and {@code similarity.md}, the same pairs per exercise with the submissions left out and where
 * JPlag's full report is. Similarity is JPlag's: the share of the two submissions' tokens in matches (0 to 100 %),
 * after the course's stubs are removed.
 */
final class SimilarityReport {

    private SimilarityReport() {
    }

    static String csv(List<SimilarityCheck.ExerciseResult> results, double threshold) {
        StringBuilder csv = new StringBuilder("exercise,first,second,similarity,max_similarity,matched_tokens\n");
        for (SimilarityCheck.ExerciseResult r : results) {
            for (SimilarityCheck.Pair p : above(r, threshold)) {
                csv.append(Gradebook.cell(p.exercise())).append(',').append(Gradebook.cell(p.first())).append(',')
                        .append(Gradebook.cell(p.second())).append(',').append(percent(p.similarity())).append(',')
                        .append(percent(p.maxSimilarity())).append(',').append(p.matchedTokens()).append('\n');
            }
        }
        return csv.toString();
    }

    static String markdown(List<SimilarityCheck.ExerciseResult> results, double threshold) {
        StringBuilder md = new StringBuilder("# Similarity\n\n");
        md.append(String.format(Locale.ROOT, "Pairs at or above %s %% similarity (JPlag, the course's stubs as base "
                + "code), most similar first. Similar is not copied: read the matches in JPlag's report before "
                + "concluding.%n", percent(threshold)));
        for (SimilarityCheck.ExerciseResult r : results) {
            md.append("\n## ").append(r.exercise()).append("\n\n");
            md.append(r.compared()).append(" submission(s) compared");
            r.report().ifPresent(zip -> md.append("; JPlag's report: `").append(zip.getFileName())
                    .append("` (open it in https://jplag.github.io/JPlag/)"));
            md.append(".\n\n");
            List<SimilarityCheck.Pair> shown = above(r, threshold);
            if (shown.isEmpty()) {
                md.append("No pair at or above the threshold.\n");
            } else {
                md.append("| first | second | similarity | max similarity | matched tokens |\n");
                md.append("|---|---|---:|---:|---:|\n");
                for (SimilarityCheck.Pair p : shown) {
                    md.append("| ").append(escape(p.first())).append(" | ").append(escape(p.second())).append(" | ")
                            .append(percent(p.similarity())).append(" % | ").append(percent(p.maxSimilarity()))
                            .append(" % | ").append(p.matchedTokens()).append(" |\n");
                }
            }
            if (!r.skipped().isEmpty()) {
                md.append("\nNot compared:\n\n");
                for (SimilarityCheck.Skipped s : r.skipped()) {
                    md.append("- ").append(escape(s.submission())).append(": ").append(escape(s.reason())).append('\n');
                }
            }
        }
        return md.toString();
    }

    static void write(List<SimilarityCheck.ExerciseResult> results, double threshold, Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("pairs.csv"), csv(results, threshold), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("similarity.md"), markdown(results, threshold), StandardCharsets.UTF_8);
    }

    static List<SimilarityCheck.Pair> above(SimilarityCheck.ExerciseResult r, double threshold) {
        return r.pairs().stream().filter(p -> p.similarity() >= threshold).toList();
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f", 100 * fraction);
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
