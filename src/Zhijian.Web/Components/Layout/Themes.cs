using MudBlazor;

namespace Zhijian.Web.Components.Layout;

/// <summary>The product's theme: party red, with a Chinese font stack.</summary>
public static class Themes
{
    public static readonly MudTheme Default = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#B71C1C",
            Secondary = "#C49A2C",
            AppbarBackground = "#B71C1C",
            // Darker than Material's defaults so that text on white and white on colour reach WCAG AA (≥ 4.5:1).
            Error = "#C62828",
            Success = "#2E7D32",
            Info = "#1565C0",
            Warning = "#A15C00",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "system-ui", "sans-serif"],
            },
            // Buttons keep the words as written: "导出 Excel", not the Material default's "导出 EXCEL".
            Button = new ButtonTypography { TextTransform = "none" },
        },
    };
}
