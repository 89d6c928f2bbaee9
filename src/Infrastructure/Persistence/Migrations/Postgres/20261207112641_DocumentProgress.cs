using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Planck.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DocumentProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "passages_done",
                table: "documents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "progress_percent",
                table: "documents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "progress_stage",
                table: "documents",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Queued");

            // Documents processed before progress existed are done: show them so.
            migrationBuilder.Sql(
                "UPDATE documents SET progress_stage = 'Indexing', progress_percent = 100, passages_done = coalesce(chunk_count, 0) WHERE status = 'Ready'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "passages_done",
                table: "documents");

            migrationBuilder.DropColumn(
                name: "progress_percent",
                table: "documents");

            migrationBuilder.DropColumn(
                name: "progress_stage",
                table: "documents");
        }
    }
}
