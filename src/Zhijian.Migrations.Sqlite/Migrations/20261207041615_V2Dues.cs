using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhijian.Migrations.Sqlite.Migrations
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MembershipId = table.Column<long>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    System = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false),
                    PaidFen = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    PaidOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PaidAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PaymentId = table.Column<long>(type: "INTEGER", nullable: true),
                    WaiveReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuesLines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DuesMonthTotals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    Lines = table.Column<long>(type: "INTEGER", nullable: false),
                    DueFen = table.Column<long>(type: "INTEGER", nullable: false),
                    PaidFen = table.Column<long>(type: "INTEGER", nullable: false),
                    WaivedFen = table.Column<long>(type: "INTEGER", nullable: false),
                    PaidLines = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuesMonthTotals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DuesOrders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrderNo = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    LineIds = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false),
                    PaymentId = table.Column<long>(type: "INTEGER", nullable: true),
                    ProviderTransactionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PaidAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuesOrders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DuesPayments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ReceiptNo = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    TotalFen = table.Column<long>(type: "INTEGER", nullable: false),
                    PayerName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Lines = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuesPayments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DuesProfiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MembershipId = table.Column<long>(type: "INTEGER", nullable: false),
                    System = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    BaseFen = table.Column<long>(type: "INTEGER", nullable: true),
                    FixedFen = table.Column<long>(type: "INTEGER", nullable: true),
                    EffectiveFrom = table.Column<int>(type: "INTEGER", nullable: false),
                    EffectiveTo = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
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
