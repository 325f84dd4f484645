using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhijian.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class OrgCountersFillFactor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "OrgCounters")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "OrgCounters")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);
        }
    }
}
