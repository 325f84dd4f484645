using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Shared;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Web.Features.Dues;

/// <summary>A checked row of the bases sheet: the profile to set for the person of <see cref="IdNumber"/>.</summary>
public sealed record DuesBaseRow(int Row, string IdNumber, string Name, DuesCategory Category, long? BaseFen, long? FixedFen,
    DuesMonth From, string? Note);

/// <summary>A checked row of the payroll deduction sheet: the line of that person and month, paid with that amount.</summary>
public sealed record DuesPaymentRow(int Row, string IdNumber, DuesMonth Month, long AmountFen);

/// <summary>
/// The cell checks of one payroll row (no database): each answers the checked row, or null with the row's errors (row,
/// column, Chinese message) added. A bases row goes through <see cref="DuesProfiles.Check"/>, the same checks as
/// PUT /members/{id}/dues-profile.
/// </summary>
public static class DuesImportRows
{
    /// <summary>The note of an agreed amount (约定) set by the import: the sheet has no column for it.</summary>
    public const string FixedNote = "工资表导入：约定金额";

    private static readonly Dictionary<string, string> ColumnOfField = new()
    {
        ["category"] = DuesSheetCells.Category,
        ["baseYuan"] = DuesSheetCells.Base,
        ["fixedYuan"] = DuesSheetCells.Base,
        ["note"] = DuesSheetCells.Category,
        ["effectiveFrom"] = DuesSheetCells.From,
    };

    /// <summary>One row of <see cref="DuesSheetCells.BaseHeaders"/>: 公民身份号码, 姓名, 缴费类别, 缴费基数（元）, 起始月份.</summary>
    public static DuesBaseRow? Base(int row, object?[] cells, DuesMonth thisMonth, List<ImportError> errors)
    {
        var before = errors.Count;
        var id = IdNumber(row, cells[0], errors);
        var name = MemberSheet.Text(cells[1]);
        if (name is null)
        {
            errors.Add(new ImportError(row, DuesSheetCells.Name, "请填写姓名"));
        }

        var (category, categoryError) = DuesSheetCells.ReadCategory(cells[2]);
        Add(errors, row, DuesSheetCells.Category, categoryError);
        long? amount = null;
        if (MemberSheet.Text(cells[3]) is not null)
        {
            (amount, var amountError) = DuesSheetCells.ReadYuan(cells[3], "缴费基数");
            Add(errors, row, DuesSheetCells.Base, amountError);
        }

        var (from, fromError) = DuesSheetCells.ReadMonth(cells[4], "起始月份");
        Add(errors, row, DuesSheetCells.From, fromError);
        if (errors.Count > before)
        {
            return null;
        }

        var isFixed = category == DuesCategory.Fixed;
        decimal? yuan = amount is { } fen ? Yuan.Of(fen) : null;
        var request = new DuesProfileRequest(category, isFixed ? null : yuan, isFixed ? yuan : null, from!.Value.ToString(),
            isFixed ? FixedNote : null);
        try
        {
            var (c, baseFen, fixedFen, month, note) = DuesProfiles.Check(request, thisMonth);
            return new DuesBaseRow(row, id!, name!, c, baseFen, fixedFen, month, note);
        }
        catch (DomainException e) when (e.Errors is not null)
        {
            foreach (var (field, messages) in e.Errors)
            {
                errors.AddRange(messages.Select(m => new ImportError(row, ColumnOfField.GetValueOrDefault(field, DuesSheetCells.Base), m)));
            }

            return null;
        }
    }

    /// <summary>One row of <see cref="DuesSheetCells.PaymentHeaders"/>: 公民身份号码, 月份, 金额（元）.</summary>
    public static DuesPaymentRow? Payment(int row, object?[] cells, List<ImportError> errors)
    {
        var before = errors.Count;
        var id = IdNumber(row, cells[0], errors);
        var (month, monthError) = DuesSheetCells.ReadMonth(cells[1], "月份");
        Add(errors, row, DuesSheetCells.Month, monthError);
        var (fen, amountError) = DuesSheetCells.ReadYuan(cells[2], "金额");
        Add(errors, row, DuesSheetCells.Amount, amountError);
        if (fen == 0)
        {
            errors.Add(new ImportError(row, DuesSheetCells.Amount, "金额须大于 0"));
        }

        return errors.Count > before ? null : new DuesPaymentRow(row, id!, month!.Value, fen!.Value);
    }

    /// <summary>The ID number: text (Excel's numbers lose digits), 18 characters with a valid check digit; X upper case.</summary>
    private static string? IdNumber(int row, object? cell, List<ImportError> errors)
    {
        var (text, error) = MemberSheet.IdNumberCell(cell);
        if (error is not null)
        {
            errors.Add(new ImportError(row, DuesSheetCells.IdNumber, error));
            return null;
        }

        if (text is null)
        {
            errors.Add(new ImportError(row, DuesSheetCells.IdNumber, "请填写公民身份号码"));
            return null;
        }

        var normalized = CitizenIdNumber.Normalize(text);
        var check = CitizenIdNumber.Check(normalized);
        if (!check.IsValid)
        {
            errors.Add(new ImportError(row, DuesSheetCells.IdNumber, $"公民身份号码「{MemberSheet.Echo(text)}」：{check.Message}"));
            return null;
        }

        return normalized;
    }

    private static void Add(List<ImportError> errors, int row, string column, string? message)
    {
        if (message is not null)
        {
            errors.Add(new ImportError(row, column, message));
        }
    }
}
