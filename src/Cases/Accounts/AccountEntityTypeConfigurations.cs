using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneThing.Cases.Accounts;

internal sealed class AccountRecordConfiguration : IEntityTypeConfiguration<AccountRecord>
{
    public void Configure(EntityTypeBuilder<AccountRecord> b)
    {
        b.ToTable("ot_account");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserName).HasMaxLength(100);
        b.Property(x => x.NormalizedUserName).HasMaxLength(150);
        b.Property(x => x.DisplayName).HasMaxLength(100);
        b.Property(x => x.PasswordHash).HasMaxLength(200);
        b.Property(x => x.Roles).HasMaxLength(200);
        b.Property(x => x.Departments).HasMaxLength(1000);
        b.Ignore(x => x.RoleList);
        b.Ignore(x => x.DepartmentList);
        b.HasIndex(x => x.UserName).IsUnique();
        b.HasIndex(x => x.NormalizedUserName).IsUnique();
    }
}

internal sealed class DepartmentRecordConfiguration : IEntityTypeConfiguration<DepartmentRecord>
{
    public void Configure(EntityTypeBuilder<DepartmentRecord> b)
    {
        b.ToTable("ot_department");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(50);
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasIndex(x => x.Name).IsUnique();
    }
}
