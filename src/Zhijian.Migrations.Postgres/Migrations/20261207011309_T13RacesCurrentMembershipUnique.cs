using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhijian.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class T13RacesCurrentMembershipUnique : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Memberships_PersonId_System_Current",
                table: "Memberships",
                columns: new[] { "PersonId", "System" },
                unique: true,
                filter: "\"State\" <> 'Ended'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Memberships_PersonId_System_Current",
                table: "Memberships");
        }
    }
}
