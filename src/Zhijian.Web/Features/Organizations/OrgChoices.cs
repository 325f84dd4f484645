namespace Zhijian.Web.Features.Organizations;

/// <summary>The choices of the organization form: codes stored, Chinese shown.</summary>
public static class OrgChoices
{
    /// <summary>组织类别.</summary>
    public static readonly (string Code, string Name)[] Categories =
    [
        ("state", "国有企业"), ("private", "非公有制企业"), ("government", "机关"), ("institution", "事业单位"),
        ("school", "学校"), ("community", "城市社区"), ("village", "农村"), ("social", "社会组织"), ("military", "军队"),
        ("other", "其他"),
    ];

    /// <summary>单位性质.</summary>
    public static readonly (string Code, string Name)[] UnitNatures =
    [
        ("enterprise", "企业"), ("agency", "机关"), ("institution", "事业单位"), ("school", "学校"), ("social", "社会组织"),
        ("community", "社区"), ("village", "行政村"), ("other", "其他"),
    ];
}
