namespace OneThing.Engine.Cases;

/// <summary>Settings of the case layer; bound from <c>OneThing:Cases</c>.</summary>
public sealed class CaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OneThing:Cases";

    /// <summary>The administrative-division code in case numbers (default 310104, 徐汇区).</summary>
    public string District { get; set; } = "310104";

    /// <summary>The pattern of case numbers (see <see cref="CaseNumberFormat"/>).</summary>
    public string NumberPattern { get; set; } = CaseNumberFormat.DefaultPattern;

    /// <summary>The offset of local time, for the date in case numbers (China Standard Time, UTC+8).</summary>
    public TimeSpan LocalOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Most items in one 一次性告知 list.</summary>
    public int MaxCorrectionItems { get; set; } = 50;

    /// <summary>Largest form data accepted, in characters of JSON.</summary>
    public int MaxFormDataLength { get; set; } = 256 * 1024;
}
