using Zhijian.Web.Components;

namespace Zhijian.Web.Features.Dues.Pages;

/// <summary>
/// A section of the 党费/团费 tab (ledger, profiles, report): a console panel with the tab's parameters and
/// run-then-reload, but not a registered tab of its own (the console registers only <see cref="DuesTab"/>).
/// </summary>
public abstract class DuesSectionBase : OrgPanelBase;
