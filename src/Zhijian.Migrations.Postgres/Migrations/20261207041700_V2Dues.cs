using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Zhijian.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class V2Dues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DuesLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MembershipId = table.Column<long>(type: "bigint", nullable: false),
                    PersonId = table.Column<long>(type: "bigint", nullable: false),
                    System = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OrgId = table.Column<long>(type: "bigint", nullable: false),
                    OrgPath = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Month = table.Column<int>(type: "integer", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    PaidFen = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    PaidOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PaidAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PaymentId = table.Column<long>(type: "bigint", nullable: true),
                    WaiveReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuesLines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DuesMonthTotals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrgId = table.Column<long>(type: "bigint", nullable: false),
                    OrgPath = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Month = table.Column<int>(type: "integer", nullable: false),
                    Lines = table.Column<long>(type: "bigint", nullable: false),
                    DueFen = table.Column<long>(type: "bigint", nullable: false),
                    PaidFen = table.Column<long>(type: "bigint", nullable: false),
                    WaivedFen = table.Column<long>(type: "bigint", nullable: false),
                    PaidLines = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuesMonthTotals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DuesOrders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrderNo = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PersonId = table.Column<long>(type: "bigint", nullable: false),
                    LineIds = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    PaymentId = table.Column<long>(type: "bigint", nullable: true),
                    ProviderTransactionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PaidAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuesOrders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DuesPayments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrgId = table.Column<long>(type: "bigint", nullable: false),
                    OrgPath = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    ReceiptNo = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TotalFen = table.Column<long>(type: "bigint", nullable: false),
                    PayerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Lines = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuesPayments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DuesProfiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MembershipId = table.Column<long>(type: "bigint", nullable: false),
                    System = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Category = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    BaseFen = table.Column<long>(type: "bigint", nullable: true),
                    FixedFen = table.Column<long>(type: "bigint", nullable: true),
                    EffectiveFrom = table.Column<int>(type: "integer", nullable: false),
                    EffectiveTo = table.Column<int>(type: "integer", nullable: true),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuesProfiles", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DuesLines_MembershipId_Month",
                table: "DuesLines",
                columns: new[] { "MembershipId", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DuesLines_OrgPath_Month",
                table: "DuesLines",
                columns: new[] { "OrgPath", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_DuesLines_PaymentId",
                table: "DuesLines",
                column: "PaymentId");

            migrationBuilder.CreateIndex(
                name: "IX_DuesLines_PersonId_Month",
                table: "DuesLines",
                columns: new[] { "PersonId", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_DuesMonthTotals_OrgId_Month",
                table: "DuesMonthTotals",
                columns: new[] { "OrgId", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DuesMonthTotals_OrgPath_Month",
                table: "DuesMonthTotals",
                columns: new[] { "OrgPath", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_DuesOrders_OrderNo",
                table: "DuesOrders",
                column: "OrderNo",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DuesProfiles_MembershipId_EffectiveFrom",
                table: "DuesProfiles",
                columns: new[] { "MembershipId", "EffectiveFrom" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DuesLines");

            migrationBuilder.DropTable(
                name: "DuesMonthTotals");

            migrationBuilder.DropTable(
                name: "DuesOrders");

            migrationBuilder.DropTable(
                name: "DuesPayments");

            migrationBuilder.DropTable(
                name: "DuesProfiles");
        }
    }
}
