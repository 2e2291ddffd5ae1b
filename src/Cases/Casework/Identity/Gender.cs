namespace OneThing.Cases.Casework;

/// <summary>A person's sex as recorded in identity documents. The numeric values follow GB/T 2261.1
/// (人的性别代码): 1 male, 2 female.</summary>
public enum Gender
{
    /// <summary>未知：not known. Never the result of parsing an identity number.</summary>
    Unknown = 0,

    /// <summary>男：an odd sequence code in a resident identity number.</summary>
    Male = 1,

    /// <summary>女：an even sequence code in a resident identity number.</summary>
    Female = 2,
}
