package io.github.threadlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GradebookTest {

    @Test
    void cells_are_quoted_the_csv_way_and_formulas_are_shown_as_text() {
        assertEquals("plain", Gradebook.cell("plain"));
        assertEquals("\"a, b\"", Gradebook.cell("a, b"));
        assertEquals("\"say \"\"hi\"\"\"", Gradebook.cell("say \"hi\""));
        assertEquals("'=HYPERLINK(1)", Gradebook.cell("=HYPERLINK(1)"));
    }
}
