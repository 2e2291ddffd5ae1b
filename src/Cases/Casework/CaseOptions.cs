namespace OneThing.Cases.Casework;

/// <summary>Settings of the case layer; bound from <c>OneThing:Cases</c>.</summary>
public sealed class CaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OneThing:Cases";

    /// <summary>The administrative-division code in case numbers (default 310104, 徐汇区).</summary>
    public string District { get; set; } = "310104";

    /// <summary>The pattern of case numbers (see <see cref="CaseNumberFormat"/>).</summary>
    public string NumberPattern { get; set; } = CaseNumberFormat.DefaultPattern;

    /// <summary>The default <see cref="TimeZone"/>: China Standard Time (UTC+8, no daylight saving).</summary>
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>The time zone of local time (an IANA id such as the default <c>Asia/Shanghai</c>): the date in case
    /// numbers, "today" for birth dates in 居民身份证号, and the times written into 站内信 and messages. Stored
    /// times stay UTC.</summary>
    public string TimeZone { get; set; } = DefaultTimeZone;

    /// <summary>The zone <see cref="TimeZone"/> names.</summary>
    /// <exception cref="InvalidOperationException">The setting names no time zone known to this system.</exception>
    public TimeZoneInfo LocalZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"{Section}:TimeZone 的值“{TimeZone}”不是本机已知的时区，请填写 IANA 时区名，如 {DefaultTimeZone}", e);
        }
    }

    /// <summary>How long before a task's due time its holders are warned (站内信 "nearing a limit"; default 1 day).
    /// </summary>
    public TimeSpan LimitWarningLead { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Most items in one 一次性告知 list.</summary>
    public int MaxCorrectionItems { get; set; } = 50;

    /// <summary>Largest uploaded material (default 10 MB).</summary>
    public int MaxMaterialBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most materials one case holds.</summary>
    public int MaxMaterialsPerCase { get; set; } = 50;

    /// <summary>Most bytes of materials one applicant keeps across all their cases (default 200 MB); an upload past it
    /// is refused whole.</summary>
    public long MaxMaterialBytesPerApplicant { get; set; } = 200L * 1024 * 1024;

    /// <summary>How long after a 催办 of a task another 催办 of it notifies no one and changes nothing (default 1 hour).
    /// </summary>
    public TimeSpan UrgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest form data accepted, in characters of JSON.</summary>
    public int MaxFormDataLength { get; set; } = 256 * 1024;
}
