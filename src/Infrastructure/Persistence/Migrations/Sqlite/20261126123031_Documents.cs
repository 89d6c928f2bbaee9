using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Planck.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Documents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    workspace_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    storage_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    size_bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    uploaded_by = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    page_count = table.Column<int>(type: "INTEGER", nullable: true),
                    chunk_count = table.Column<int>(type: "INTEGER", nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    lease_expires_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    processing_started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    processed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_documents_users_uploaded_by",
                        column: x => x.uploaded_by,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_documents_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stored_file_parts",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    part_number = table.Column<int>(type: "INTEGER", nullable: false),
                    bytes = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stored_file_parts", x => new { x.key, x.part_number });
                });

            migrationBuilder.CreateTable(
                name: "document_chunks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    document_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    workspace_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    text = table.Column<string>(type: "TEXT", nullable: false),
                    page = table.Column<int>(type: "INTEGER", nullable: true),
                    sheet = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    token_count = table.Column<int>(type: "INTEGER", nullable: false),
                    embedding = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_chunks", x => x.id);
                    table.ForeignKey(
                        name: "fk_document_chunks_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "document_tables",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    document_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    columns_json = table.Column<string>(type: "TEXT", nullable: false),
                    row_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_tables", x => x.id);
                    table.ForeignKey(
                        name: "fk_document_tables_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "document_table_rows",
                columns: table => new
                {
                    table_id = table.Column<long>(type: "INTEGER", nullable: false),
                    row_number = table.Column<int>(type: "INTEGER", nullable: false),
                    cells_json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_table_rows", x => new { x.table_id, x.row_number });
                    table.ForeignKey(
                        name: "fk_document_table_rows_document_tables_table_id",
                        column: x => x.table_id,
                        principalTable: "document_tables",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_document_chunks_document_id_ordinal",
                table: "document_chunks",
                columns: new[] { "document_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_document_chunks_workspace_id",
                table: "document_chunks",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_document_tables_document_id_ordinal",
                table: "document_tables",
                columns: new[] { "document_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_documents_status_lease_expires_at",
                table: "documents",
                columns: new[] { "status", "lease_expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_documents_status_next_attempt_at",
                table: "documents",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_documents_uploaded_by",
                table: "documents",
                column: "uploaded_by");

            migrationBuilder.CreateIndex(
                name: "ix_documents_workspace_id_created_at",
                table: "documents",
                columns: new[] { "workspace_id", "created_at" });

            // Full-text index over passages (FTS5, Porter stemming). Contentless: the text lives once, in
            // document_chunks. "scope" holds the workspace id as one token, so a search reads only that
            // workspace's postings. Triggers keep it in step with every insert and delete, however made.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE document_chunks_fts USING fts5(
                    text, scope, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER document_chunks_fts_insert AFTER INSERT ON document_chunks BEGIN
                    INSERT INTO document_chunks_fts(rowid, text, scope) VALUES (new.id, new.text, 'w' || replace(new.workspace_id, '-', ''));
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER document_chunks_fts_delete AFTER DELETE ON document_chunks BEGIN
                    DELETE FROM document_chunks_fts WHERE rowid = old.id;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS document_chunks_fts_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS document_chunks_fts_insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS document_chunks_fts;");
            migrationBuilder.DropTable(
                name: "document_chunks");

            migrationBuilder.DropTable(
                name: "document_table_rows");

            migrationBuilder.DropTable(
                name: "stored_file_parts");

            migrationBuilder.DropTable(
                name: "document_tables");

            migrationBuilder.DropTable(
                name: "documents");
        }
    }
}
