using MudBlazor;

namespace Zhijian.Web.Features.Organizations.Pages;

public partial class OrgInfoTab
{
    private MudForm? form;
    private OrgForm model = new();
    private long loadedId = -1;

    protected override void OnParametersSet()
    {
        if (Org.Id != loadedId)
        {
            Reset();
        }
    }

    private void Reset()
    {
        model = OrgForm.From(Org);
        loadedId = Org.Id;
    }

    private async Task SaveAsync()
    {
        await form!.ValidateAsync();
        if (!form.IsValid)
        {
            return;
        }

        var request = new UpdateOrganizationRequest(model.Name, model.ShortName, model.Category ?? "", model.UnitNature ?? "",
            model.UnitName ?? "", model.EstablishedOn is { } e ? DateOnly.FromDateTime(e) : null,
            model.TermStartedOn is { } t ? DateOnly.FromDateTime(t) : null, model.TermYears, model.Contact ?? "",
            model.Phone ?? "", model.Order);
        // The console reloads the organization; the form is filled from it again.
        await RunThenReloadAsync<OrganizationService>(s => s.UpdateAsync(Org.Id, request), "已保存", () => loadedId = -1);
    }

    private sealed class OrgForm
    {
        public string? Name { get; set; }
        public string? ShortName { get; set; }
        public string? Category { get; set; }
        public string? UnitNature { get; set; }
        public string? UnitName { get; set; }
        public DateTime? EstablishedOn { get; set; }
        public DateTime? TermStartedOn { get; set; }
        public int? TermYears { get; set; }
        public int? Order { get; set; }
        public string? Contact { get; set; }
        public string? Phone { get; set; }

        public static OrgForm From(OrganizationDto o) => new()
        {
            Name = o.Name,
            ShortName = o.ShortName,
            Category = o.Category,
            UnitNature = o.UnitNature,
            UnitName = o.UnitName,
            EstablishedOn = o.EstablishedOn?.ToDateTime(TimeOnly.MinValue),
            TermStartedOn = o.TermStartedOn?.ToDateTime(TimeOnly.MinValue),
            TermYears = o.TermYears,
            Order = o.Order,
            Contact = o.Contact,
            Phone = o.Phone,
        };
    }
}
