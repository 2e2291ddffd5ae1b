namespace OneThing.Engine.Bpmn;

/// <summary>The stable codes of <see cref="BpmnImportException"/>.</summary>
public static class BpmnImportErrorCodes
{
    /// <summary>The file contains a DOCTYPE (refused: entity expansion and external entities are attack vectors).</summary>
    public const string DtdRefused = "XML_DTD_REFUSED";

    /// <summary>The file is larger than <see cref="BpmnImportOptions.MaxBytes"/>.</summary>
    public const string TooLarge = "XML_TOO_LARGE";

    /// <summary>Elements are nested deeper than <see cref="BpmnImportOptions.MaxDepth"/>.</summary>
    public const string TooDeep = "XML_TOO_DEEP";

    /// <summary>The file has more elements than <see cref="BpmnImportOptions.MaxElements"/>.</summary>
    public const string TooManyElements = "XML_TOO_MANY_ELEMENTS";

    /// <summary>The file is not well-formed XML (or is in an unsupported encoding).</summary>
    public const string Malformed = "XML_MALFORMED";

    /// <summary>The root element is not BPMN 2.0 <c>definitions</c>.</summary>
    public const string NotDefinitions = "BPMN_NOT_DEFINITIONS";
}

/// <summary>Thrown when a file cannot be read as BPMN at all. Problems inside a readable diagram are not
/// exceptions: they are listed in <see cref="Model.BpmnDocument.ImportProblems"/>.</summary>
public sealed class BpmnImportException : Exception
{
    /// <summary>Creates an exception with a code from <see cref="BpmnImportErrorCodes"/> and a Chinese message.</summary>
    public BpmnImportException(string code, string message, int? line = null, int? column = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Line = line;
        Column = column;
    }

    /// <summary>Creates an exception with code <see cref="BpmnImportErrorCodes.Malformed"/>.</summary>
    public BpmnImportException()
        : this(BpmnImportErrorCodes.Malformed, "BPMN 文件无法读取")
    {
    }

    /// <summary>Creates an exception with code <see cref="BpmnImportErrorCodes.Malformed"/>.</summary>
    public BpmnImportException(string message)
        : this(BpmnImportErrorCodes.Malformed, message)
    {
    }

    /// <summary>Creates an exception with code <see cref="BpmnImportErrorCodes.Malformed"/>.</summary>
    public BpmnImportException(string message, Exception innerException)
        : this(BpmnImportErrorCodes.Malformed, message, null, null, innerException)
    {
    }

    /// <summary>A stable English code from <see cref="BpmnImportErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>The 1-based line of the problem, when known.</summary>
    public int? Line { get; }

    /// <summary>The 1-based column of the problem, when known.</summary>
    public int? Column { get; }
}
