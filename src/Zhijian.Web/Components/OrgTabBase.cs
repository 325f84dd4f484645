namespace Zhijian.Web.Components;

/// <summary>
/// A tab of the organization console (<c>/orgs/{id}</c>): the organization shown, whether the user may change it,
/// and the callback that tells the console something it shows (counters, the tree) may have changed. Tabs are
/// registered with <see cref="OrgTabRegistration.AddOrgTab{TTab}(IServiceCollection, string, int, OrgTabOptions?)"/>.
/// </summary>
public abstract class OrgTabBase : OrgPanelBase;
