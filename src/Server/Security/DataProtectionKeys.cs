using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Persistence.Migrations;
using OneThing.Cases.Security;

namespace OneThing.Server.Security;

/// <summary>The data-protection key ring's table (<c>ot_data_protection_key</c>, created by the engine's
/// migrations), on the engine's database: every node reads and writes the same keys.</summary>
public sealed class DataProtectionKeysContext(DbContextOptions<DataProtectionKeysContext> options)
    : DbContext(options), IDataProtectionKeyContext
{
    /// <inheritdoc />
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<DataProtectionKey>().ToTable(KeysAndPersonalData.DataProtectionKeyTable);
    }
}

/// <summary>Encrypts each data-protection key with the master key before it is stored, so whoever reads the table
/// (a backup, a replica, a database administrator) cannot mint cookies.</summary>
public sealed class MasterKeyXmlEncryptor(PersonalDataProtector protector) : IXmlEncryptor
{
    internal const string ElementName = "encryptedKey";
    internal const string ValueElementName = "value";

    /// <inheritdoc />
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var sealedKey = protector.Seal(ProtectionPurposes.DataProtectionKey, "",
            plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement(ElementName,
            new XComment(" Encrypted with the OneThing master key (OneThing:Security:MasterKey). "),
            new XElement(ValueElementName, sealedKey));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }
}

/// <summary>Decrypts what <see cref="MasterKeyXmlEncryptor"/> wrote, with the current or a previous master key.
/// </summary>
/// <remarks>Made by the data-protection system from the service provider.</remarks>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    /// <inheritdoc />
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var value = encryptedElement.Element(MasterKeyXmlEncryptor.ValueElementName)?.Value
            ?? throw new InvalidOperationException("数据保护密钥的密文缺少 value 元素");
        return XElement.Parse(services.GetRequiredService<PersonalDataProtector>()
            .Open(ProtectionPurposes.DataProtectionKey, "", value));
    }
}
