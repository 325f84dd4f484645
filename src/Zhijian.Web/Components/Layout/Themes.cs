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
