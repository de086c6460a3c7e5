package io.camelarena.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * CSV fields of the export (RFC 4180): quoted only when they hold a comma, a quote, CR or LF, quotes doubled; the text
 * itself is verbatim, also when it looks like a spreadsheet formula (the README: import the file, do not open it by
 * double-click). LeaderboardAndPagingMariaDbTest reads such fields back from a real export.
 */
class ExportStreamCsvTest {

    @Test
    void plainTextIsVerbatim() {
        assertThat(ExportStream.csvField("HOLD")).isEqualTo("HOLD");
        assertThat(ExportStream.csvField("")).isEmpty();
        assertThat(ExportStream.csvField("semi;colon\ttab 📈")).isEqualTo("semi;colon\ttab 📈");
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedWithQuotesDoubled() {
        assertThat(ExportStream.csvField("a,b")).isEqualTo("\"a,b\"");
        assertThat(ExportStream.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ExportStream.csvField("line\nnext")).isEqualTo("\"line\nnext\"");
        assertThat(ExportStream.csvField("line\r\nnext")).isEqualTo("\"line\r\nnext\"");
        assertThat(ExportStream.csvField("\"")).isEqualTo("\"\"\"\"");
    }

    @Test
    void formulaLookingCellsKeepTheirText() {
        assertThat(ExportStream.csvField("=1+2")).isEqualTo("=1+2");
        assertThat(ExportStream.csvField("+41")).isEqualTo("+41");
        assertThat(ExportStream.csvField("-2")).isEqualTo("-2");
        assertThat(ExportStream.csvField("@SUM(A1:A2)")).isEqualTo("@SUM(A1:A2)");
        assertThat(ExportStream.csvField("=HYPERLINK(\"http://x.example\",\"x\")"))
                .isEqualTo("\"=HYPERLINK(\"\"http://x.example\"\",\"\"x\"\")\"");
    }
}
