using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhijian.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class L18LearningAndLibraries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The archive search's FTS5 trigram table (not in the model: ArchiveIndex also creates it when missing).
            migrationBuilder.Sql("CREATE VIRTUAL TABLE IF NOT EXISTS \"ArchiveSearch\" USING fts5(\"Body\", tokenize = 'trigram')");

            migrationBuilder.CreateTable(
                name: "ArchiveDocuments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StorageName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TextLength = table.Column<int>(type: "INTEGER", nullable: false),
                    SearchText = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArchiveDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ArchiveDocuments_Organizations_OrgId",
                        column: x => x.OrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Courses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Hours = table.Column<decimal>(type: "TEXT", precision: 8, scale: 2, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    MaterialName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    MaterialStorageName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    MaterialSize = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Courses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Courses_Organizations_OrgId",
                        column: x => x.OrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Honors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: true),
                    PersonName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AwardedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Honors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Honors_Organizations_OrgId",
                        column: x => x.OrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReserveCadres",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ForPost = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Since = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReserveCadres", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReserveCadres_Organizations_OrgId",
                        column: x => x.OrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Trainings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrgId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Hours = table.Column<decimal>(type: "TEXT", precision: 8, scale: 2, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Trainings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Trainings_Organizations_OrgId",
                        column: x => x.OrgId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CourseStudies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CourseId = table.Column<long>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    StudiedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CourseStudies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CourseStudies_Courses_CourseId",
                        column: x => x.CourseId,
                        principalTable: "Courses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TrainingTrainees",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TrainingId = table.Column<long>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Hours = table.Column<decimal>(type: "TEXT", precision: 8, scale: 2, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingTrainees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainingTrainees_Trainings_TrainingId",
                        column: x => x.TrainingId,
                        principalTable: "Trainings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArchiveDocuments_OrgId",
                table: "ArchiveDocuments",
                column: "OrgId");

            migrationBuilder.CreateIndex(
                name: "IX_ArchiveDocuments_OrgPath_Year",
                table: "ArchiveDocuments",
                columns: new[] { "OrgPath", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_Courses_OrgId",
                table: "Courses",
                column: "OrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Courses_OrgPath",
                table: "Courses",
                column: "OrgPath");

            migrationBuilder.CreateIndex(
                name: "IX_CourseStudies_CourseId_PersonId_StudiedOn",
                table: "CourseStudies",
                columns: new[] { "CourseId", "PersonId", "StudiedOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CourseStudies_PersonId_StudiedOn",
                table: "CourseStudies",
                columns: new[] { "PersonId", "StudiedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Honors_OrgId",
                table: "Honors",
                column: "OrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Honors_OrgPath_AwardedOn",
                table: "Honors",
                columns: new[] { "OrgPath", "AwardedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Honors_PersonId",
                table: "Honors",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_ReserveCadres_OrgId_MemberId_ForPost",
                table: "ReserveCadres",
                columns: new[] { "OrgId", "MemberId", "ForPost" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReserveCadres_OrgPath",
                table: "ReserveCadres",
                column: "OrgPath");

            migrationBuilder.CreateIndex(
                name: "IX_Trainings_OrgId",
                table: "Trainings",
                column: "OrgId");

            migrationBuilder.CreateIndex(
                name: "IX_Trainings_OrgPath_StartOn",
                table: "Trainings",
                columns: new[] { "OrgPath", "StartOn" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingTrainees_PersonId",
                table: "TrainingTrainees",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingTrainees_TrainingId_PersonId",
                table: "TrainingTrainees",
                columns: new[] { "TrainingId", "PersonId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS \"ArchiveSearch\"");

            migrationBuilder.DropTable(
                name: "ArchiveDocuments");

            migrationBuilder.DropTable(
                name: "CourseStudies");

            migrationBuilder.DropTable(
                name: "Honors");

            migrationBuilder.DropTable(
                name: "ReserveCadres");

            migrationBuilder.DropTable(
                name: "TrainingTrainees");

            migrationBuilder.DropTable(
                name: "Courses");

            migrationBuilder.DropTable(
                name: "Trainings");
        }
    }
}
