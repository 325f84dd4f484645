using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhijian.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Transfers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TransferBatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ToOrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Requested = table.Column<int>(type: "INTEGER", nullable: false),
                    Created = table.Column<int>(type: "INTEGER", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransferBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TransferReportWeeks",
                columns: table => new
                {
                    WeekStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ComputedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Organizations = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransferReportWeeks", x => x.WeekStart);
                });

            migrationBuilder.CreateTable(
                name: "Transfers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MembershipId = table.Column<long>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    System = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FromOrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    ToOrgId = table.Column<long>(type: "INTEGER", nullable: true),
                    OutsideOrgName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    OutsideContact = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AwaitingOrgId = table.Column<long>(type: "INTEGER", nullable: true),
                    StepStartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PlacedOrgId = table.Column<long>(type: "INTEGER", nullable: true),
                    ApplicantUserId = table.Column<long>(type: "INTEGER", nullable: true),
                    ApplicantName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AppliedByMember = table.Column<bool>(type: "INTEGER", nullable: false),
                    BatchId = table.Column<long>(type: "INTEGER", nullable: true),
                    LetterSerial = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    LetterValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Transfers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Transfers_Memberships_MembershipId",
                        column: x => x.MembershipId,
                        principalTable: "Memberships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Transfers_Organizations_FromOrgId",
                        column: x => x.FromOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Transfers_Organizations_ToOrgId",
                        column: x => x.ToOrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TransferWeeklyFigures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WeekStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    Handled = table.Column<int>(type: "INTEGER", nullable: false),
                    OnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalHours = table.Column<double>(type: "REAL", nullable: false),
                    Overdue = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransferWeeklyFigures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TransferSteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TransferId = table.Column<long>(type: "INTEGER", nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    HoursTaken = table.Column<double>(type: "REAL", nullable: true),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OnTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransferSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TransferSteps_Transfers_TransferId",
                        column: x => x.TransferId,
                        principalTable: "Transfers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_AwaitingOrgId_DueAt",
                table: "Transfers",
                columns: new[] { "AwaitingOrgId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_BatchId",
                table: "Transfers",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_DueAt",
                table: "Transfers",
                column: "DueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_FromOrgId_CreatedAt",
                table: "Transfers",
                columns: new[] { "FromOrgId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_OpenMembership",
                table: "Transfers",
                column: "MembershipId",
                unique: true,
                filter: "\"State\" IN ('PendingOut', 'PendingIn')");

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_PersonId",
                table: "Transfers",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_ToOrgId_CreatedAt",
                table: "Transfers",
                columns: new[] { "ToOrgId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TransferSteps_DecidedAt",
                table: "TransferSteps",
                column: "DecidedAt");

            migrationBuilder.CreateIndex(
                name: "IX_TransferSteps_OrgId_DecidedAt",
                table: "TransferSteps",
                columns: new[] { "OrgId", "DecidedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TransferSteps_TransferId",
                table: "TransferSteps",
                column: "TransferId");

            migrationBuilder.CreateIndex(
                name: "IX_TransferWeeklyFigures_OrgId",
                table: "TransferWeeklyFigures",
                column: "OrgId");

            migrationBuilder.CreateIndex(
                name: "IX_TransferWeeklyFigures_WeekStart_OrgId",
                table: "TransferWeeklyFigures",
                columns: new[] { "WeekStart", "OrgId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TransferBatches");

            migrationBuilder.DropTable(
                name: "TransferReportWeeks");

            migrationBuilder.DropTable(
                name: "TransferSteps");

            migrationBuilder.DropTable(
                name: "TransferWeeklyFigures");

            migrationBuilder.DropTable(
                name: "Transfers");
        }
    }
}
