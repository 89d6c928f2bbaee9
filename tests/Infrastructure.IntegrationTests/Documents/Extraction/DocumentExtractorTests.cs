using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Tests.Fixtures;

namespace Planck.Infrastructure.IntegrationTests.Documents.Extraction;

public sealed class DocumentExtractorTests
{
    private readonly DocumentExtractor extractor = new();

    [Fact]
    public void Pdf_text_keeps_its_pages_and_paragraphs()
    {
        var document = Extract(DocumentFixtures.Pdf(FixtureCorpus.ProductManual), DocumentKind.Pdf);

        document.PageCount.ShouldBe(3);
        document.Blocks.ShouldContain(block => block.Page == 1 && block.Text == FixtureCorpus.ProductManual.Title);
        var boilerParagraph = document.Blocks.Single(block => block.Text.Contains("Error code E7", StringComparison.Ordinal));
        boilerParagraph.Page.ShouldBe(3);
        boilerParagraph.Text.ShouldContain("E12 means the boiler has overheated");
        boilerParagraph.Text.ShouldNotContain("Descale", Case.Sensitive);
        document.Blocks.Select(block => block.Page).ShouldBeInOrder();
    }

    [Fact]
    public void Encrypted_pdf_is_rejected_with_a_readable_error()
    {
        var rejected = Should.Throw<DocumentRejectedException>(() => Extract(DocumentFixtures.EncryptedPdf(), DocumentKind.Pdf));
        rejected.Message.ShouldBe("The PDF is encrypted; upload a copy without a password.");
    }

    [Fact]
    public void Truncated_pdf_is_rejected_as_invalid()
    {
        var rejected = Should.Throw<DocumentRejectedException>(() => Extract(DocumentFixtures.TruncatedPdf(), DocumentKind.Pdf));
        rejected.Message.ShouldBe("The file is not a valid PDF.");
    }

    [Fact]
    public void Pdf_over_the_page_limit_is_rejected_naming_both_numbers()
    {
        var rejected = Should.Throw<DocumentRejectedException>(() =>
            Extract(DocumentFixtures.LongPdf(12), DocumentKind.Pdf, ExtractionLimits.Default with { MaxPages = 10 }));
        rejected.Message.ShouldBe("The PDF has 12 pages; the limit is 10.");
    }

    [Fact]
    public void Pdf_without_text_has_its_page_count_and_no_blocks()
    {
        var document = Extract(DocumentFixtures.PdfWithoutText(2), DocumentKind.Pdf);

        document.PageCount.ShouldBe(2);
        document.Blocks.ShouldBeEmpty();
    }

    [Fact]
    public void Cancellation_stops_a_pdf_between_pages()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var stream = new MemoryStream(DocumentFixtures.LongPdf(3));

        Should.Throw<OperationCanceledException>(() => extractor.Extract(stream, DocumentKind.Pdf, "long.pdf", ExtractionLimits.Default, cancelled.Token));
    }

    [Fact]
    public void Word_document_keeps_headings_with_levels_paragraphs_and_table_rows_in_order()
    {
        var document = Extract(DocumentFixtures.Docx(FixtureCorpus.CompanyHandbook), DocumentKind.Word);

        var headings = document.Blocks.Where(block => block.Kind == BlockKind.Heading).Select(block => (block.Text, block.HeadingLevel)).ToList();
        headings.ShouldBe(
        [
            (FixtureCorpus.CompanyHandbook.Title, 1),
            ("Working hours and leave", 1),
            ("Equipment and security", 1),
            ("Learning and reviews", 2),
        ]);
        var texts = document.Blocks.Select(block => block.Text).ToList();
        texts.ShouldContain("Contact | Role | Extension");
        texts.ShouldContain("Ingrid Halvorsen | Security lead | 4411");
        texts.IndexOf("Working hours and leave").ShouldBeLessThan(texts.FindIndex(text => text.StartsWith("Core hours", StringComparison.Ordinal)));
        texts[^1].ShouldBe("End of document.");
        document.PageCount.ShouldBeNull();
    }

    [Fact]
    public void Invalid_word_document_is_rejected()
    {
        var docx = DocumentFixtures.Docx(FixtureCorpus.CompanyHandbook);
        var rejected = Should.Throw<DocumentRejectedException>(() => Extract(docx[..(docx.Length / 2)], DocumentKind.Word));
        rejected.Message.ShouldBe("The file is not a valid Word document.");
    }

    [Fact]
    public void Spreadsheet_sheets_become_tables_with_typed_columns()
    {
        var document = Extract(DocumentFixtures.Xlsx(), DocumentKind.Spreadsheet);

        document.Tables.Select(table => table.Name).ShouldBe(["Quarterly results", "Staff"]);
        var finance = document.Tables[0];
        finance.Columns.ShouldBe(
        [
            new TableColumn("Quarter", "string"), new TableColumn("Region", "string"), new TableColumn("Revenue", "number"),
            new TableColumn("Expenses", "number"), new TableColumn("Closed on", "date"), new TableColumn("Audited", "boolean"),
            new TableColumn("Notes", "string"),
        ]);
        finance.Rows.Count.ShouldBe(FixtureCorpus.FinanceRows.Count);
        finance.Rows[6].ShouldBe(["Q3 2024", "Europe", 2_910_000d, 1_990_000d, new DateTime(2024, 10, 9), true, "Nordic public-sector contract"]);

        var staff = document.Tables[1];
        staff.Columns.Select(column => column.Type).ShouldBe(["string", "string", "date", "number", "boolean"]);
        staff.Rows[0][2].ShouldBe(new DateTime(2019, 3, 4));
        staff.Rows[3][3].ShouldBe(78_250d);
    }

    [Fact]
    public void Spreadsheet_over_the_row_limit_is_rejected()
    {
        var rejected = Should.Throw<DocumentRejectedException>(() =>
            Extract(DocumentFixtures.XlsxWithRows(120), DocumentKind.Spreadsheet, ExtractionLimits.Default with { MaxRows = 100 }));
        rejected.Message.ShouldBe("The sheet \"Items\" has more than 100 rows; the limit is 100.");
    }

    [Fact]
    public void Zip_bomb_is_refused_from_its_declared_size()
    {
        var rejected = Should.Throw<DocumentRejectedException>(() => Extract(DocumentFixtures.ZipBombXlsx(), DocumentKind.Spreadsheet));
        rejected.Message.ShouldBe("The spreadsheet is too large to process (expands to more than 1024 MB).");
    }

    [Fact]
    public void Zip_bomb_that_understates_its_size_is_cut_off_at_the_declared_size()
    {
        // Read to the end, this entry is a valid sheet; stopped at its declared 1,000 bytes it is broken XML.
        var rejected = Should.Throw<DocumentRejectedException>(() => Extract(DocumentFixtures.UnderstatedZipBombXlsx(), DocumentKind.Spreadsheet));
        rejected.Message.ShouldBe("The file is not a valid spreadsheet.");
    }

    [Fact]
    public void Invalid_spreadsheet_is_rejected()
    {
        var xlsx = DocumentFixtures.Xlsx();
        var rejected = Should.Throw<DocumentRejectedException>(() => Extract(xlsx[..(xlsx.Length / 2)], DocumentKind.Spreadsheet));
        rejected.Message.ShouldBe("The file is not a valid spreadsheet.");
    }

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    public void Csv_delimiter_is_detected_and_columns_are_typed(char delimiter)
    {
        var document = Extract(DocumentFixtures.Csv(50, delimiter), DocumentKind.Csv, name: "invoices.csv");

        var table = document.Tables.ShouldHaveSingleItem();
        table.Name.ShouldBe("invoices.csv");
        table.Columns.ShouldBe(
        [
            new TableColumn("id", "number"), new TableColumn("customer", "string"), new TableColumn("amount", "number"),
            new TableColumn("issued_on", "date"), new TableColumn("paid", "boolean"),
        ]);
        table.Rows.Count.ShouldBe(50);
        table.Rows[2].ShouldBe([3d, "Wide World Importers", 21.5d, new DateTime(2024, 1, 4), false]);
    }

    [Fact]
    public void Csv_header_blanks_and_duplicates_get_names_and_mixed_columns_stay_text()
    {
        var csv = "name,,name\nAmara,1,x\nLucas,two,y\n"u8.ToArray();

        var table = Extract(csv, DocumentKind.Csv).Tables.ShouldHaveSingleItem();

        table.Columns.ShouldBe([new TableColumn("name", "string"), new TableColumn("column_2", "string"), new TableColumn("name_2", "string")]);
        table.Rows[0].ShouldBe(["Amara", "1", "x"]);
    }

    [Fact]
    public void Csv_over_the_row_limit_is_rejected()
    {
        var rejected = Should.Throw<DocumentRejectedException>(() =>
            Extract(DocumentFixtures.Csv(101), DocumentKind.Csv, ExtractionLimits.Default with { MaxRows = 100 }));
        rejected.Message.ShouldBe("The CSV file has more than 100 rows; the limit is 100.");
    }

    [Fact]
    public void Cancellation_stops_a_csv_between_rows()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var stream = new MemoryStream(DocumentFixtures.Csv(10));

        Should.Throw<OperationCanceledException>(() => extractor.Extract(stream, DocumentKind.Csv, "a.csv", ExtractionLimits.Default, cancelled.Token));
    }

    [Fact]
    public void Markdown_becomes_plain_headings_and_paragraphs()
    {
        var document = Extract(DocumentFixtures.Markdown(FixtureCorpus.RecipeBook), DocumentKind.Markdown);

        document.Blocks[0].ShouldBe(new ExtractedBlock(BlockKind.Heading, FixtureCorpus.RecipeBook.Title, HeadingLevel: 1));
        document.Blocks.ShouldContain(new ExtractedBlock(BlockKind.Heading, "Cardamom buns", HeadingLevel: 2));
        var texts = document.Blocks.Select(block => block.Text).ToList();
        texts.ShouldContain("Always taste before serving, and read the allergen list.");
        texts.ShouldContain("Keep knives sharp\nLabel every container with the date");
        texts.ShouldContain("oven.preheat(200)");
        texts.ShouldContain("Saffron fish stew | 36");
        texts.ShouldAllBe(text => !text.Contains('*') && !text.Contains("](", StringComparison.Ordinal));
    }

    [Fact]
    public void Html_keeps_visible_text_only_with_headings_and_decoded_entities()
    {
        var document = Extract(DocumentFixtures.Html(FixtureCorpus.TravelPolicy), DocumentKind.Html);

        document.Blocks[0].ShouldBe(new ExtractedBlock(BlockKind.Heading, "Travel Policy", HeadingLevel: 1));
        document.Blocks.ShouldContain(new ExtractedBlock(BlockKind.Heading, "Per diems", HeadingLevel: 2));
        var texts = document.Blocks.Select(block => block.Text).ToList();
        texts.ShouldContain(FixtureCorpus.TravelPolicy.Sections[1].Paragraphs[0]);
        texts.ShouldContain("Fish & chips on Fridays");
        texts.ShouldContain("Café opens at 08:00");
        texts.ShouldContain("London | 260 euros");
        texts.ShouldAllBe(text => !text.Contains("must not appear", StringComparison.Ordinal) && !text.Contains("Not content", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_is_split_into_paragraphs_at_blank_lines()
    {
        var document = Extract(DocumentFixtures.Text(FixtureCorpus.IncidentPostmortem), DocumentKind.Text);

        document.Blocks.Select(block => block.Text).ShouldBe(FixtureCorpus.IncidentPostmortem.PlainText.Split("\n\n"));
        document.Blocks.ShouldAllBe(block => block.Kind == BlockKind.Paragraph);
    }

    [Fact]
    public void Utf16_text_with_a_byte_order_mark_is_decoded()
    {
        var document = Extract(DocumentFixtures.Utf16Text(FixtureCorpus.RecipeBook), DocumentKind.Text);

        document.Blocks[0].Text.ShouldBe(FixtureCorpus.RecipeBook.Title);
    }

    [Fact]
    public void Every_file_of_the_retrieval_set_yields_its_answer_phrases()
    {
        foreach (var file in DocumentFixtures.RetrievalSet())
        {
            var kind = Path.GetExtension(file.Name) switch
            {
                ".pdf" => DocumentKind.Pdf,
                ".docx" => DocumentKind.Word,
                ".xlsx" => DocumentKind.Spreadsheet,
                ".csv" => DocumentKind.Csv,
                ".md" => DocumentKind.Markdown,
                ".html" => DocumentKind.Html,
                _ => DocumentKind.Text,
            };
            var document = Extract(file.Content, kind, name: file.Name);
            var chunks = new TokenChunker().Chunk(document, file.Name);
            var all = string.Join("\n", chunks.Select(chunk => chunk.Text));
            foreach (var probe in FixtureCorpus.Probes.Where(probe => probe.DocumentKey == file.DocumentKey))
            {
                all.ShouldContain(probe.AnswerPhrase, customMessage: $"{file.Name}: {probe.Question}");
            }
        }
    }

    private ExtractedDocument Extract(byte[] content, DocumentKind kind, ExtractionLimits? limits = null, string name = "file")
    {
        using var stream = new MemoryStream(content);
        return extractor.Extract(stream, kind, name, limits ?? ExtractionLimits.Default, CancellationToken.None);
    }
}
