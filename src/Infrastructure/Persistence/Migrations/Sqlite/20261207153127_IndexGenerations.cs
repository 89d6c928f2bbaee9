using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Planck.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexGenerations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_document_chunks_document_id_ordinal",
                table: "document_chunks");

            migrationBuilder.AddColumn<int>(
                name: "index_generation",
                table: "documents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "generation",
                table: "document_chunks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // What was ready is generation 1: its passages keep serving under the generation rule.
            migrationBuilder.Sql("UPDATE documents SET index_generation = 1 WHERE status = 'Ready';");
            migrationBuilder.Sql("UPDATE document_chunks SET generation = 1 WHERE document_id IN (SELECT id FROM documents WHERE index_generation = 1);");

            migrationBuilder.CreateIndex(
                name: "ix_document_chunks_document_id_generation_ordinal",
                table: "document_chunks",
                columns: new[] { "document_id", "generation", "ordinal" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_document_chunks_document_id_generation_ordinal",
                table: "document_chunks");

            migrationBuilder.DropColumn(
                name: "index_generation",
                table: "documents");

            migrationBuilder.DropColumn(
                name: "generation",
                table: "document_chunks");

            migrationBuilder.CreateIndex(
                name: "ix_document_chunks_document_id_ordinal",
                table: "document_chunks",
                columns: new[] { "document_id", "ordinal" },
                unique: true);
        }
    }
}
