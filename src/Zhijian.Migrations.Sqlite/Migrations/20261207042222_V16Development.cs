using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhijian.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class V16Development : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DevelopmentNumberCounters",
                columns: table => new
                {
                    System = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Last = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DevelopmentNumberCounters", x => new { x.System, x.Year });
                });

            migrationBuilder.CreateTable(
                name: "DevelopmentRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    System = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    OrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ClosedFrom = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    AppliedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TalkOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ActivistOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CandidateOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AdmittedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ApprovedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    FullOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CloseReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CourseHours = table.Column<decimal>(type: "TEXT", precision: 7, scale: 1, nullable: false),
                    MembershipId = table.Column<long>(type: "INTEGER", nullable: true),
                    RecommendationId = table.Column<long>(type: "INTEGER", nullable: true),
                    DevelopmentNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    LastStepOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DevelopmentRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DevelopmentRecords_Organizations_OrgId",
                        column: x => x.OrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DevelopmentRecords_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DevelopmentTallies",
                columns: table => new
                {
                    OrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    System = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DevelopmentTallies", x => new { x.OrgId, x.Year, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "DevelopmentContacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecordId = table.Column<long>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DevelopmentContacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DevelopmentContacts_DevelopmentRecords_RecordId",
                        column: x => x.RecordId,
                        principalTable: "DevelopmentRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DevelopmentSteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecordId = table.Column<long>(type: "INTEGER", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DevelopmentSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DevelopmentSteps_DevelopmentRecords_RecordId",
                        column: x => x.RecordId,
                        principalTable: "DevelopmentRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DevelopmentContacts_RecordId",
                table: "DevelopmentContacts",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_DevelopmentRecords_OrgId",
                table: "DevelopmentRecords",
                column: "OrgId");

            migrationBuilder.CreateIndex(
                name: "IX_DevelopmentRecords_OrgPath_Stage",
                table: "DevelopmentRecords",
                columns: new[] { "OrgPath", "Stage" });

            migrationBuilder.CreateIndex(
                name: "IX_DevelopmentRecords_PersonId",
                table: "DevelopmentRecords",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_DevelopmentRecords_System_DevelopmentNumber",
                table: "DevelopmentRecords",
                columns: new[] { "System", "DevelopmentNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DevelopmentSteps_RecordId",
                table: "DevelopmentSteps",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_DevelopmentTallies_OrgPath_Year",
                table: "DevelopmentTallies",
                columns: new[] { "OrgPath", "Year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DevelopmentContacts");

            migrationBuilder.DropTable(
                name: "DevelopmentNumberCounters");

            migrationBuilder.DropTable(
                name: "DevelopmentSteps");

            migrationBuilder.DropTable(
                name: "DevelopmentTallies");

            migrationBuilder.DropTable(
                name: "DevelopmentRecords");
        }
    }
}
