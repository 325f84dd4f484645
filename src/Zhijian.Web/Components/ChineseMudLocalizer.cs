using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Zhijian.Web.Components;

/// <summary>
/// MudBlazor's own words in Chinese (grid selection labels read by screen readers, pagers, date pickers, the file
/// button …). Keys MudBlazor has but this table lacks fall back to MudBlazor's English.
/// </summary>
public sealed class ChineseMudLocalizer : MudLocalizer
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["MudTable_SelectAllRows"] = "全选本页",
        ["MudTable_SelectRow"] = "选择此行",
        ["MudTable_SelectGroup"] = "选择本组",
        ["MudTable_Loading"] = "正在加载……",
        ["MudTable_ExpandGroup"] = "展开本组",
        ["MudTable_CollapseGroup"] = "收起本组",
        ["MudTable_EditRow"] = "编辑此行",
        ["MudTable_CommitRow"] = "保存此行",
        ["MudTable_CancelEditRow"] = "取消编辑",
        ["MudTablePager_FirstPage"] = "第一页",
        ["MudTablePager_PreviousPage"] = "上一页",
        ["MudTablePager_NextPage"] = "下一页",
        ["MudTablePager_LastPage"] = "最后一页",
        ["MudDataGrid_SelectAllRows"] = "全选本页",
        ["MudDataGrid_SelectRow"] = "选择此行",
        ["MudDataGrid_Loading"] = "正在加载……",
        ["MudDataGrid_Columns"] = "列",
        ["MudDataGrid_Hide"] = "隐藏",
        ["MudDataGrid_HideAll"] = "全部隐藏",
        ["MudDataGrid_ShowAll"] = "全部显示",
        ["MudDataGrid_Sort"] = "排序",
        ["MudDataGrid_Unsort"] = "取消排序",
        ["MudDataGrid_Filter"] = "筛选",
        ["MudDataGridPager_FirstPage"] = "第一页",
        ["MudDataGridPager_PreviousPage"] = "上一页",
        ["MudDataGridPager_NextPage"] = "下一页",
        ["MudDataGridPager_LastPage"] = "最后一页",
        ["MudDataGridPager_RowsPerPage"] = "每页",
        ["MudDataGridPager_AllItems"] = "全部",
        ["MudPagination_FirstPage"] = "第一页",
        ["MudPagination_PreviousPage"] = "上一页",
        ["MudPagination_NextPage"] = "下一页",
        ["MudPagination_LastPage"] = "最后一页",
        ["MudPagination_CurrentPage"] = "当前第 {0} 页",
        ["MudPagination_PageIndex"] = "第 {0} 页",
        ["MudAlert_Close"] = "关闭",
        ["MudChip_Close"] = "移除",
        ["MudDialog_Close"] = "关闭",
        ["MudSnackbar_Close"] = "关闭",
        ["MudInput_Clear"] = "清除",
        ["MudInput_Increment"] = "增加",
        ["MudInput_Decrement"] = "减少",
        ["MudBaseDatePicker_Open"] = "打开日期选择",
        ["MudBaseDatePicker_PrevMonth"] = "上个月",
        ["MudBaseDatePicker_NextMonth"] = "下个月",
        ["MudBaseDatePicker_PrevYear"] = "上一年",
        ["MudBaseDatePicker_NextYear"] = "下一年",
        ["MudDateRangePicker_Start"] = "开始日期",
        ["MudDateRangePicker_End"] = "结束日期",
        ["MudTimePicker_Open"] = "打开时间选择",
        ["MudTreeView_ExpandItem"] = "展开",
        ["MudTreeView_CollapseItem"] = "收起",
        ["MudTabs_ScrollLeft"] = "向左滚动",
        ["MudTabs_ScrollRight"] = "向右滚动",
        ["MudTabs_ScrollUp"] = "向上滚动",
        ["MudTabs_ScrollDown"] = "向下滚动",
        ["MudNavGroup_ToggleExpand"] = "展开或收起",
        ["MudBreadcrumbs_Label"] = "当前位置",
        ["MudSelect_SelectAll"] = "全选",
        ["MudFileUpload_Button"] = "选择文件",
        ["MudFileUpload_DragAndDrop"] = "把文件拖到这里，或点击选择",
        ["MudFormComponent_Required"] = "必填",
        ["MudCarousel_Previous"] = "上一张",
        ["MudCarousel_Next"] = "下一张",
    };

    public override LocalizedString this[string key] =>
        Words.TryGetValue(key, out var value) ? new LocalizedString(key, value) : new LocalizedString(key, key, resourceNotFound: true);

    public override LocalizedString this[string key, params object[] arguments] =>
        Words.TryGetValue(key, out var value)
            ? new LocalizedString(key, string.Format(CultureInfo.InvariantCulture, value, arguments))
            : new LocalizedString(key, key, resourceNotFound: true);

    /// <summary>Registers the localizer so that MudBlazor asks it first, whatever the server's culture.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddTransient<MudLocalizer, ChineseMudLocalizer>();
        services.AddTransient<ILocalizationInterceptor>(sp => Interceptor(sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<MudLocalizer>()));
    }

    private static DefaultLocalizationInterceptor Interceptor(ILoggerFactory logs, MudLocalizer localizer)
    {
        var interceptor = new DefaultLocalizationInterceptor(logs, localizer)
        {
            IgnoreDefaultEnglish = true,
        };
        return interceptor;
    }
}
