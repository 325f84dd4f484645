using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.ImportExport;

/// <summary>
/// The checks every sheet upload gets before its file is read (members, payroll bases, payroll deductions): a file must
/// be there and not be empty (400 on <c>file</c>), and may be at most <see cref="MemberImporter.MaxBytes"/> (413).
/// </summary>
public static class SheetUploads
{
    /// <summary>The uploaded file's stream, after the checks.</summary>
    public static Stream Open(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            throw DomainException.Validation("file", "请选择要导入的 Excel 文件（.xlsx、.xls）或 CSV 文件");
        }

        if (file.Length > MemberImporter.MaxBytes)
        {
            throw new DomainException(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                $"文件不能超过 {MemberImporter.MaxBytes / 1024 / 1024} MB，请分批导入");
        }

        return file.OpenReadStream();
    }
}
