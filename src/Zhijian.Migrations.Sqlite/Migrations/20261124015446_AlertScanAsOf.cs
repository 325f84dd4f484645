using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhijian.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AlertScanAsOf : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AsOf",
                table: "AlertScanRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Runs recorded before this column judged at their start.
            migrationBuilder.Sql("UPDATE \"AlertScanRuns\" SET \"AsOf\" = \"StartedAt\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AsOf",
                table: "AlertScanRuns");
        }
    }
}
