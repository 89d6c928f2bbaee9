using System.ComponentModel.DataAnnotations;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>How scanned PDF pages are read (<c>Planck:Documents:Ocr</c>); the tools themselves come from the machine.</summary>
public sealed class OcrOptions
{
    public const string Section = "Planck:Documents:Ocr";

    /// <summary>Off leaves pages without a text layer unread even when the tools are installed.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Tesseract's language codes, joined with <c>+</c> (<c>eng</c>, <c>eng+deu</c>); each needs its <c>tesseract-ocr-*</c> package.</summary>
    [RegularExpression("^[A-Za-z0-9_]+(\\+[A-Za-z0-9_]+)*$", ErrorMessage = "Planck:Documents:Ocr:Language must be tesseract language codes joined with '+', such as eng or eng+deu.")]
    public string Language { get; set; } = "eng";

    /// <summary>Dots per inch a page is rendered at before recognition; tesseract reads best at about 300.</summary>
    [Range(72, 600)]
    public int Resolution { get; set; } = 300;

    /// <summary>Rendering plus recognition of one page; a page that takes longer fails the document.</summary>
    [Range(1, 3600)]
    public int PageTimeoutSeconds { get; set; } = 60;

    /// <summary>Pages recognised at once on this node, across all documents. Zero means one per core.</summary>
    [Range(0, 256)]
    public int MaxConcurrentPages { get; set; }

    public int EffectiveConcurrentPages => MaxConcurrentPages > 0 ? MaxConcurrentPages : Environment.ProcessorCount;
}
