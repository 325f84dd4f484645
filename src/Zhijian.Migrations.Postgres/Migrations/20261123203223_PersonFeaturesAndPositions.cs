using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhijian.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PersonFeaturesAndPositions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Persons_Name",
                table: "Persons");

            migrationBuilder.AddColumn<string>(
                name: "EndReason",
                table: "Positions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Children",
                table: "Persons",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Family",
                table: "Persons",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Health",
                table: "Persons",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OtherAffiliations",
                table: "Persons",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OverseasTies",
                table: "Persons",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProfessionalField",
                table: "Persons",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Specialties",
                table: "Persons",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Persons_Name_BirthDate",
                table: "Persons",
                columns: new[] { "Name", "BirthDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Persons_Name_BirthDate",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "EndReason",
                table: "Positions");

            migrationBuilder.DropColumn(
                name: "Children",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "Family",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "Health",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "OtherAffiliations",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "OverseasTies",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "ProfessionalField",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "Specialties",
                table: "Persons");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_Name",
                table: "Persons",
                column: "Name");
        }
    }
}
