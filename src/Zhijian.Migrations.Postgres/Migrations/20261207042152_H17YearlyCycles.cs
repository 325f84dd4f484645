using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Zhijian.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class H17YearlyCycles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "TermEndsOn",
                table: "Organizations",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TermExtendedMonths",
                table: "Organizations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Elections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrgId = table.Column<long>(type: "bigint", nullable: false),
                    OrgPath = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    HeldOn = table.Column<DateOnly>(type: "date", nullable: false),
                    TermYears = table.Column<int>(type: "integer", nullable: false),
                    TermEndsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ApprovedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Elections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Elections_Organizations_OrgId",
                        column: x => x.OrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Evaluations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrgId = table.Column<long>(type: "bigint", nullable: false),
                    OrgPath = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    System = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Members = table.Column<int>(type: "integer", nullable: false),
                    MeetingId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Evaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Evaluations_Organizations_OrgId",
                        column: x => x.OrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Registrations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrgId = table.Column<long>(type: "bigint", nullable: false),
                    OrgPath = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    MembershipId = table.Column<long>(type: "bigint", nullable: false),
                    PersonId = table.Column<long>(type: "bigint", nullable: false),
                    EvaluationId = table.Column<long>(type: "bigint", nullable: true),
                    RegisteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Registrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Registrations_Organizations_OrgId",
                        column: x => x.OrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RegistrationTallies",
                columns: table => new
                {
                    OrgId = table.Column<long>(type: "bigint", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    OrgPath = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Members = table.Column<int>(type: "integer", nullable: false),
                    Registered = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegistrationTallies", x => new { x.OrgId, x.Year });
                    table.ForeignKey(
                        name: "FK_RegistrationTallies_Organizations_OrgId",
                        column: x => x.OrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TermExtensions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrgId = table.Column<long>(type: "bigint", nullable: false),
                    OrgPath = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Months = table.Column<int>(type: "integer", nullable: false),
                    ApprovedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    PreviousEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    NewEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TermExtensions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TermExtensions_Organizations_OrgId",
                        column: x => x.OrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ElectionSeats",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ElectionId = table.Column<long>(type: "bigint", nullable: false),
                    PersonId = table.Column<long>(type: "bigint", nullable: false),
                    MembershipId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Post = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ElectionSeats", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ElectionSeats_Elections_ElectionId",
                        column: x => x.ElectionId,
                        principalTable: "Elections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "EvaluationEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EvaluationId = table.Column<long>(type: "bigint", nullable: false),
                    MembershipId = table.Column<long>(type: "bigint", nullable: false),
                    PersonId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Attended = table.Column<bool>(type: "boolean", nullable: false),
                    Grade = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    FollowUp = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    FollowUpNote = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EvaluationEntries_Evaluations_EvaluationId",
                        column: x => x.EvaluationId,
                        principalTable: "Evaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_TermEndsOn",
                table: "Organizations",
                column: "TermEndsOn");

            migrationBuilder.CreateIndex(
                name: "IX_Elections_OrgId_HeldOn",
                table: "Elections",
                columns: new[] { "OrgId", "HeldOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Elections_OrgPath",
                table: "Elections",
                column: "OrgPath");

            migrationBuilder.CreateIndex(
                name: "IX_ElectionSeats_ElectionId",
                table: "ElectionSeats",
                column: "ElectionId");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationEntries_EvaluationId_MembershipId",
                table: "EvaluationEntries",
                columns: new[] { "EvaluationId", "MembershipId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationEntries_PersonId",
                table: "EvaluationEntries",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_Evaluations_OrgId_Year_Kind",
                table: "Evaluations",
                columns: new[] { "OrgId", "Year", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Evaluations_Year_OrgPath",
                table: "Evaluations",
                columns: new[] { "Year", "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_Registrations_MembershipId_Year",
                table: "Registrations",
                columns: new[] { "MembershipId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Registrations_OrgId_Year",
                table: "Registrations",
                columns: new[] { "OrgId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_Registrations_PersonId",
                table: "Registrations",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationTallies_Year_OrgPath",
                table: "RegistrationTallies",
                columns: new[] { "Year", "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_TermExtensions_OrgId",
                table: "TermExtensions",
                column: "OrgId");

            // The terms board reads TermEndsOn: fill it for the terms recorded before this column existed.
            migrationBuilder.Sql("""UPDATE "Organizations" SET "TermEndsOn" = ("TermStartedOn" + make_interval(years => "TermYears"))::date WHERE "TermStartedOn" IS NOT NULL AND "TermYears" IS NOT NULL""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ElectionSeats");

            migrationBuilder.DropTable(
                name: "EvaluationEntries");

            migrationBuilder.DropTable(
                name: "Registrations");

            migrationBuilder.DropTable(
                name: "RegistrationTallies");

            migrationBuilder.DropTable(
                name: "TermExtensions");

            migrationBuilder.DropTable(
                name: "Elections");

            migrationBuilder.DropTable(
                name: "Evaluations");

            migrationBuilder.DropIndex(
                name: "IX_Organizations_TermEndsOn",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "TermEndsOn",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "TermExtendedMonths",
                table: "Organizations");
        }
    }
}
