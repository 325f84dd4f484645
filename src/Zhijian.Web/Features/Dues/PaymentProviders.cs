using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Zhijian.Web.Features.Dues;

/// <summary>A provider's payment notification after its signature verified: which order, the provider's transaction, the amount.</summary>
public sealed record PaymentNotice(string OrderId, string TransactionId, long AmountFen);

/// <summary>
/// An online payment gateway. A WeChat Pay or UnionPay adapter is one class implementing this (docs/dues.md says what it
/// must do): make the pay link of an order, and turn the gateway's callback into a verified <see cref="PaymentNotice"/>
/// (signature, decryption), or null when the signature does not verify.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>The name in <c>/api/v1/payments/{provider}/notify</c> and in <c>Dues:PaymentProvider</c>.</summary>
    string Name { get; }

    /// <summary>Where the member's browser goes to pay the order.</summary>
    string PayUrl(string orderId, long amountFen);

    /// <summary>Reads and verifies the callback body; null when the signature (or the body) is not valid.</summary>
    PaymentNotice? Verify(string body, IHeaderDictionary headers);
}

/// <summary>
/// The built-in provider for the demo and the tests: its pay page is part of the app (<c>/me/dues/sandbox/{order}</c>), and
/// its notification is JSON <c>{"orderId","transactionId","amountYuan","signature"}</c> signed with HMAC-SHA256 under
/// <c>Dues:SandboxSecret</c>.
/// </summary>
public sealed class SandboxPaymentProvider(IOptions<DuesOptions> options) : IPaymentProvider
{
    public const string ProviderName = "sandbox";

    // Without a configured secret each process draws its own: fine for one instance (demo, tests), documented for more.
    private static readonly string ProcessSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    public string Name => ProviderName;

    private byte[] Key => Encoding.UTF8.GetBytes(options.Value.SandboxSecret is { Length: > 0 } s ? s : ProcessSecret);

    public string PayUrl(string orderId, long amountFen) => $"/me/dues/sandbox/{Uri.EscapeDataString(orderId)}";

    /// <summary>The signature of a notification: HMAC-SHA256 of <c>orderId|transactionId|amountFen</c>, lowercase hex.</summary>
    public string Sign(string orderId, string transactionId, long amountFen) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(
            $"{orderId}|{transactionId}|{amountFen.ToString(CultureInfo.InvariantCulture)}")));

    /// <summary>The JSON body the sandbox gateway posts for a paid order.</summary>
    public string Notification(string orderId, string transactionId, long amountFen) => JsonSerializer.Serialize(new
    {
        orderId,
        transactionId,
        amountYuan = Yuan.Of(amountFen),
        signature = Sign(orderId, transactionId, amountFen),
    });

    public PaymentNotice? Verify(string body, IHeaderDictionary headers)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var orderId = root.GetProperty("orderId").GetString() ?? "";
            var transactionId = root.GetProperty("transactionId").GetString() ?? "";
            var fen = Yuan.ToFen(root.GetProperty("amountYuan").GetDecimal());
            var signature = root.GetProperty("signature").GetString() ?? "";
            if (fen is not { } amount || orderId.Length is 0 or > 40 || transactionId.Length is 0 or > 100)
            {
                return null;
            }

            var expected = Encoding.ASCII.GetBytes(Sign(orderId, transactionId, amount));
            return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature))
                ? new PaymentNotice(orderId, transactionId, amount)
                : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
