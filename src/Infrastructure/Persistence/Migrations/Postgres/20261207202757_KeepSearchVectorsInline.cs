using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Planck.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KeepSearchVectorsInline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text ranking reads every match's tsvector and the vector re-rank reads its candidates' embeddings:
            // kept in the row (compressed where it pays) instead of the TOAST table, each read is one heap access
            // rather than a TOAST index lookup and chunk fetch (docs/benchmarks.md, ADR 0017). Rows written before
            // keep their storage until rewritten, which a re-index does.
            migrationBuilder.Sql("ALTER TABLE document_chunks ALTER COLUMN search_vector SET STORAGE MAIN, ALTER COLUMN embedding SET STORAGE MAIN;");

            // lz4 decompresses a tsvector about twice as fast as the default pglz; only where the server was built with it.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
                        ALTER TABLE document_chunks ALTER COLUMN search_vector SET COMPRESSION lz4;
                    END IF;
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE document_chunks ALTER COLUMN search_vector SET STORAGE EXTENDED, ALTER COLUMN embedding SET STORAGE EXTENDED;");
            migrationBuilder.Sql("ALTER TABLE document_chunks ALTER COLUMN search_vector SET COMPRESSION default;");
        }
    }
}
