using System.Security.Cryptography;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Cases.Casework;

/// <summary>The applicant's uploads (材料): added and removed while the case is a draft or under correction.</summary>
public sealed partial class CaseCommands
{
    /// <summary>File types accepted, by content type, with the bytes their files begin with.</summary>
    private static readonly Dictionary<string, byte[]> FileSignatures = new(StringComparer.Ordinal)
    {
        ["application/pdf"] = "%PDF"u8.ToArray(),
        ["image/png"] = [0x89, 0x50, 0x4E, 0x47],
        ["image/jpeg"] = [0xFF, 0xD8, 0xFF],
        // OFD (GB/T 33190), the format of Chinese e-documents, is a zip container.
        ["application/ofd"] = "PK"u8.ToArray(),
    };

    /// <summary>Stores an uploaded material with the case. Only PDF, PNG, JPEG and OFD files whose content matches
    /// their type are accepted, up to <see cref="CaseOptions.MaxMaterialBytes"/>.</summary>
    public CaseMaterialRecord AttachMaterial(CaseActor actor, Guid caseId, string code, string fileName,
        string contentType, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        CaseMaterialRecord? added = null;
        OnOwnCase(actor, caseId, "material.add", (tx, record) =>
        {
            RequireEditable(record);
            var name = Path.GetFileName(fileName ?? "").Trim();
            if (name.Length is 0 or > 255 || name.Any(char.IsControl))
            {
                throw CaseValidationException.Field("file", "文件名应为 1 至 255 个字符");
            }

            if (content.Length == 0 || content.Length > _options.MaxMaterialBytes)
            {
                throw CaseValidationException.Field("file", $"文件大小应在 1 字节至 {_options.MaxMaterialBytes / 1024 / 1024} MB 之间");
            }

            if (!FileSignatures.TryGetValue(contentType ?? "", out var signature) || !content.AsSpan().StartsWith(signature))
            {
                throw CaseValidationException.Field("file", "只接受 PDF、PNG、JPEG 或 OFD 文件，且内容须与类型一致");
            }

            if (tx.Db.Set<CaseMaterialRecord>().Count(m => m.CaseId == record.Id) >= _options.MaxMaterialsPerCase)
            {
                throw CaseValidationException.Field("file", $"每个办件至多上传 {_options.MaxMaterialsPerCase} 份材料");
            }

            RequireQuota(tx, record, content.Length);
            added = new CaseMaterialRecord
            {
                Id = TimeOrderedId.Next(tx.Now), CaseId = record.Id, Code = Required(code, "code", "请说明这是哪一项材料"),
                FileName = name, ContentType = contentType!, Size = content.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), Content = content,
                UploadedBy = actor.UserName, UploadedAt = tx.Now,
            };
            if (added.Code.Length > 200)
            {
                throw CaseValidationException.Field("code", "材料名称不能超过 200 个字符");
            }

            tx.Db.Add(added);
            return $"{added.Code}：{name}（{content.Length} 字节，SHA-256 {added.Sha256}）";
        });
        return added!;
    }

    /// <summary>Refuses an upload that would take the applicant's materials, across all their cases, past
    /// <see cref="CaseOptions.MaxMaterialBytesPerApplicant"/>; checked in the command's transaction before anything
    /// is written, so a refused upload leaves nothing behind.</summary>
    private void RequireQuota(EngineTransaction tx, CaseRecord record, long size)
    {
        var used = (from m in tx.Db.Set<CaseMaterialRecord>()
                    join c in tx.Db.Set<CaseRecord>() on m.CaseId equals c.Id
                    where c.Applicant == record.Applicant
                    select m.Size).Sum();
        if (used + size > _options.MaxMaterialBytesPerApplicant)
        {
            throw new CaseException(CaseErrorKind.Invalid, "STORAGE_QUOTA_EXCEEDED",
                $"您的材料总量已达上限：已用 {Megabytes(used)} MB，上限 {Megabytes(_options.MaxMaterialBytesPerApplicant)} MB，"
                + $"本文件 {Megabytes(size)} MB。请先删除不再需要的材料");
        }
    }

    private static string Megabytes(long bytes) =>
        (bytes / (double)BytesPerMegabyte).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private const int BytesPerMegabyte = 1024 * 1024;

    /// <summary>Removes an uploaded material while the case can still be edited.</summary>
    public CaseRecord RemoveMaterial(CaseActor actor, Guid caseId, Guid materialId) =>
        OnOwnCase(actor, caseId, "material.remove", (tx, record) =>
        {
            RequireEditable(record);
            var material = tx.Db.Set<CaseMaterialRecord>().SingleOrDefault(m => m.Id == materialId && m.CaseId == record.Id)
                ?? throw new CaseException(CaseErrorKind.NotFound, "MATERIAL_NOT_FOUND", "材料不存在");
            tx.Db.Remove(material);
            return $"{material.Code}：{material.FileName}（SHA-256 {material.Sha256}）";
        });

    private static void RequireEditable(CaseRecord record)
    {
        CaseLifecycle.Next(record.State, CaseCommandNames.Update);
    }
}
