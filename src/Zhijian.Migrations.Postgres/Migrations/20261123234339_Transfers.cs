using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Zhijian.Migrations.Postgres.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ToOrgId = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Requested = table.Column<int>(type: "integer", nullable: false),
                    Created = table.Column<int>(type: "integer", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransferBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TransferReportWeeks",
                columns: table => new
                {
                    WeekStart = table.Column<DateOnly>(type: "date", nullable: false),
                    ComputedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Organizations = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransferReportWeeks", x => x.WeekStart);
                });

            migrationBuilder.CreateTable(
                name: "Transfers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MembershipId = table.Column<long>(type: "bigint", nullable: false),
                    PersonId = table.Column<long>(type: "bigint", nullable: false),
                    System = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FromOrgId = table.Column<long>(type: "bigint", nullable: false),
                    ToOrgId = table.Column<long>(type: "bigint", nullable: true),
                    OutsideOrgName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    OutsideContact = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AwaitingOrgId = table.Column<long>(type: "bigint", nullable: true),
                    StepStartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PlacedOrgId = table.Column<long>(type: "bigint", nullable: true),
                    ApplicantUserId = table.Column<long>(type: "bigint", nullable: true),
                    ApplicantName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    AppliedByMember = table.Column<bool>(type: "boolean", nullable: false),
                    BatchId = table.Column<long>(type: "bigint", nullable: true),
                    LetterSerial = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LetterValidUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WeekStart = table.Column<DateOnly>(type: "date", nullable: false),
                    OrgId = table.Column<long>(type: "bigint", nullable: false),
                    Handled = table.Column<int>(type: "integer", nullable: false),
                    OnTime = table.Column<int>(type: "integer", nullable: false),
                    TotalHours = table.Column<double>(type: "double precision", nullable: false),
                    Overdue = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransferWeeklyFigures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TransferSteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TransferId = table.Column<long>(type: "bigint", nullable: false),
                    Step = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OrgId = table.Column<long>(type: "bigint", nullable: false),
                    Decision = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    HoursTaken = table.Column<double>(type: "double precision", nullable: true),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OnTime = table.Column<bool>(type: "boolean", nullable: true),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
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
