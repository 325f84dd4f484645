using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhijian.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class P19NamesWithoutAlignmentSpaces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Names stored with alignment spaces (冀  雨丹) before names were normalized on the way in: search finds them again.
            migrationBuilder.Sql(Zhijian.Web.Features.Members.MemberValidation.NormalizeStoredNamesSql(postgres: true));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The removed spaces are not kept: nothing to undo.
        }
    }
}
