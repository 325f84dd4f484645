using AwesomeAssertions;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Zhijian.Web.Data;

namespace Zhijian.Tests.Unit;

/// <summary>The bulk insert's positional binding stores every value exactly as Microsoft.Data.Sqlite's own binding does.</summary>
public class SqliteBindingTests
{
    public static TheoryData<Type, object?> Values() => new()
    {
        { typeof(string), "张三 Zhang" },
        { typeof(string), "" },
        { typeof(string), new string('党', 400) + "，长于栈上的缓冲区" },
        { typeof(string), null },
        { typeof(long), 9_007_199_254_740_993L },
        { typeof(long?), null },
        { typeof(int), -42 },
        { typeof(short), (short)7 },
        { typeof(byte), (byte)255 },
        { typeof(bool), true },
        { typeof(bool), false },
        { typeof(double), 1.25 },
        { typeof(float), 0.5f },
        { typeof(DateOnly), new DateOnly(2000, 2, 29) },
        { typeof(DateOnly?), new DateOnly(1949, 10, 1) },
        { typeof(DateOnly?), null },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void BindsAsMicrosoftDataSqliteDoes(Type type, object? value)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof($v) || ':' || quote($v)";
        command.Parameters.AddWithValue("$v", value ?? DBNull.Value);
        var expected = (string)command.ExecuteScalar()!;

        raw.sqlite3_prepare_v2(connection.Handle, "SELECT typeof(?1) || ':' || quote(?1)", out var statement)
            .Should().Be(raw.SQLITE_OK);
        using (statement)
        {
            SqliteBinding.For(type, "v")(statement, 1, value).Should().Be(raw.SQLITE_OK);
            raw.sqlite3_step(statement).Should().Be(raw.SQLITE_ROW);
            raw.sqlite3_column_text(statement, 0).utf8_to_string().Should().Be(expected);
        }
    }

    [Fact]
    public void RefusesATypeItDoesNotKnow() =>
        FluentActions.Invoking(() => SqliteBinding.For(typeof(DateTimeOffset), "At"))
            .Should().Throw<NotSupportedException>().WithMessage("*At*DateTimeOffset*");
}
