namespace OneThing.Cases.Casework;

/// <summary>The masking rule shared by identity numbers and credit codes: the first four and the last four
/// characters stay, the ten in between become <c>*</c>.</summary>
public static class IdentifierMask
{
    private const int Kept = 4;

    /// <summary>Masks an 18-character identifier, e.g. <c>3101**********1234</c>.</summary>
    public static string Mask18(string value) =>
        string.Concat(value.AsSpan(0, Kept), new string('*', value.Length - 2 * Kept),
            value.AsSpan(value.Length - Kept));
}
