using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Zhijian.Web.Shared;

/// <summary>
/// The API's edge defences that every endpoint gets without asking: dates outside <see cref="PlausibleDates"/> and
/// text with control characters are refused with a 400 naming the field, and instants are taken to UTC. Query and
/// route values pass the endpoint filter; JSON bodies pass the converters (registered by <see cref="Json"/>).
/// What reaches the database unchecked (the console, imports) meets <c>StoredTextGuard</c> there.
/// </summary>
public static class InputGuard
{
    /// <summary>
    /// True when <paramref name="text"/> holds what no database column should: NUL and the other C0 control characters
    /// (tab, line feed and carriage return excepted) or half a surrogate pair. PostgreSQL refuses NUL in text (22021)
    /// and Npgsql refuses a lone surrogate; SQLite would store either, so both are refused everywhere.
    /// </summary>
    public static bool HasForbiddenCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ' && c is not ('\t' or '\n' or '\r'))
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    public const string ForbiddenCharacterMessage = "不能包含控制字符（如 \\u0000）或不完整的字符";

    /// <summary>
    /// Endpoint filter for every route: checks the handler's date, instant and text arguments bound from the route, the
    /// query or headers (bodies are checked by the JSON converters), and hands instants on in UTC.
    /// </summary>
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = context.MethodInfo.GetParameters()
            .Select((p, i) => (Parameter: p, Index: i, Kind: KindOf(p)))
            .Where(x => x.Kind != ArgumentKind.None)
            .ToArray();
        if (checks.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            foreach (var (parameter, index, kind) in checks)
            {
                var name = parameter.Name ?? "value";
                switch (invocation.Arguments[index])
                {
                    case DateOnly day when kind == ArgumentKind.Date:
                        PlausibleDates.Check(day, name);
                        break;
                    case DateTimeOffset at when kind == ArgumentKind.Instant:
                        PlausibleDates.Check(at, name);
                        if (at.Offset != TimeSpan.Zero)
                        {
                            // Npgsql writes only UTC instants to timestamptz; +14:00 is a valid instant all the same.
                            invocation.Arguments[index] = at.ToUniversalTime();
                        }

                        break;
                    case string text when kind == ArgumentKind.Text && HasForbiddenCharacter(text):
                        throw DomainException.Validation(name, $"{name}：{ForbiddenCharacterMessage}");
                }
            }

            return next(invocation);
        };
    }

    private enum ArgumentKind
    {
        None,
        Date,
        Instant,
        Text,
    }

    private static ArgumentKind KindOf(ParameterInfo p)
    {
        if (p.GetCustomAttributes().Any(a => a is Microsoft.AspNetCore.Http.Metadata.IFromBodyMetadata))
        {
            return ArgumentKind.None;
        }

        var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
        return type == typeof(DateOnly) ? ArgumentKind.Date
            : type == typeof(DateTimeOffset) ? ArgumentKind.Instant
            : type == typeof(string) ? ArgumentKind.Text
            : ArgumentKind.None;
    }

    /// <summary>The request-side JSON converters: plausible dates, instants in UTC, text without control characters.</summary>
    public static void Json(JsonSerializerOptions o)
    {
        o.Converters.Add(new PlausibleDateConverter());
        o.Converters.Add(new PlausibleInstantConverter());
        o.Converters.Add(new CleanTextConverter());
    }

    /// <summary>A value the JSON reader understood but the API refuses; its message is shown with the field's path.</summary>
    public sealed class RefusedValueException(string message) : JsonException(message);

    private sealed class PlausibleDateConverter : JsonConverter<DateOnly>
    {
        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String
                || !DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new RefusedValueException("日期格式应为 YYYY-MM-DD，且须是存在的日期");
            }

            return PlausibleDates.Contains(day) ? day : throw new RefusedValueException(PlausibleDates.OutOfRange);
        }

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        public override DateOnly ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Read(ref reader, typeToConvert, options);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private sealed class PlausibleInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var at))
            {
                throw new RefusedValueException("时间格式应为带时区的 ISO 8601（如 2024-05-04T09:30:00+08:00）");
            }

            return PlausibleDates.Contains(at) ? at.ToUniversalTime() : throw new RefusedValueException(PlausibleDates.OutOfRange);
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);

        public override DateTimeOffset ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Read(ref reader, typeToConvert, options);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value.ToString("O", CultureInfo.InvariantCulture));
    }

    private sealed class CleanTextConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new RefusedValueException("应为文本");
            }

            string text;
            try
            {
                text = reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // An escaped half surrogate pair (\ud800) cannot become a string.
                throw new RefusedValueException(ForbiddenCharacterMessage);
            }

            return HasForbiddenCharacter(text) ? throw new RefusedValueException(ForbiddenCharacterMessage) : text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString()!;

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value);
    }
}
